/**
 * Descriptive statistics of latency samples. Pure functions over sorted arrays; the brand
 * makes "sorted" a type, so an unsorted array cannot reach a percentile by mistake.
 */

declare const sortedBrand: unique symbol;
export type SortedSamples = readonly number[] & { readonly [sortedBrand]: true };

export function sortSamples(samples: readonly number[]): SortedSamples {
  if (samples.some((value) => !Number.isFinite(value))) throw new RangeError("samples must be finite numbers");
  return [...samples].sort((a, b) => a - b) as unknown as SortedSamples;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between closest ranks — Hyndman & Fan
 * type 7, the default of R, NumPy and Excel's PERCENTILE.INC, so readers can reproduce it.
 */
export function quantile(sorted: SortedSamples, q: number): number {
  if (sorted.length === 0) throw new RangeError("no samples");
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} outside [0, 1]`);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const fraction = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * fraction;
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError("no samples");
  return samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

/** Sample standard deviation (n − 1 denominator); 0 for a single sample. */
export function standardDeviation(samples: readonly number[]): number {
  if (samples.length < 2) return 0;
  const average = mean(samples);
  const squares = samples.reduce((sum, value) => sum + (value - average) ** 2, 0);
  return Math.sqrt(squares / (samples.length - 1));
}
