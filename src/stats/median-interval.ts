import type { MedianInterval } from "../results/types.js";
import { sortSamples } from "./summary.js";

/**
 * A distribution-free interval of the median from order statistics. Each value falls below
 * the true median with probability ½, so the number below it is Binomial(n, ½), and
 * [x_(k), x_(n−k+1)] misses the median only when k or more values fall on one side:
 * coverage = 1 − 2·P(Binomial(n, ½) ≤ k − 1). Nothing is assumed about the shape of the
 * session medians, and the coverage is exact, so it is reported as it is (0.9922 for
 * [min, max] of 8 sessions) rather than called 95%. A bootstrap of a handful of values
 * was the old way: its "95%" over 5 values is always [min, max], whose coverage is 0.9375.
 */

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * P(Binomial(n, ½) ≤ m), exactly: Σ C(n, i) for i ≤ m, over 2^n, in BigInt. n is a count
 * of sessions (tens), so exact integers cost nothing and leave no doubt about rounding in
 * the tail (a library CDF goes through the incomplete beta function in floating point).
 */
function binomialHalfCdf(n: number, m: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number, got ${n}`);
  if (m < 0) return 0;
  if (m >= n) return 1;
  let term = 1n; // C(n, 0)
  let sum = 1n;
  for (let i = 1; i <= m; i++) {
    term = (term * BigInt(n - i + 1)) / BigInt(i);
    sum += term;
  }
  // One integer division at a fixed scale: absolute error below 1e-18 for any n, which is
  // all a coverage (1 − 2·cdf) needs; a ratio of two doubles would overflow past n = 1023.
  const scale = 10n ** 18n;
  return Number((sum * scale) / 2n ** BigInt(n)) / 1e18;
}

/** Coverage of [x_(k), x_(n−k+1)] as an interval of the median of n values. */
export function orderStatisticCoverage(n: number, k: number): number {
  return 1 - 2 * binomialHalfCdf(n, k - 1);
}

/**
 * The interval of the median of `values` from the largest k whose coverage is at least
 * `wanted`; when even k = 1 ([min, max]) falls short (5 values or fewer at 95%), that one,
 * with its real coverage. Null with fewer than two values: one value has no interval.
 * Ends and coverage are rounded to 4 decimals, as elsewhere in results.json.
 */
export function orderStatisticInterval(values: readonly number[], wanted = 0.95): MedianInterval | null {
  if (values.length < 2) return null;
  const sorted = sortSamples(values);
  const n = sorted.length;
  let k = 1;
  while (k + 1 <= Math.floor(n / 2) && orderStatisticCoverage(n, k + 1) >= wanted) k++;
  return { low_ms: round4(sorted[k - 1]!), high_ms: round4(sorted[n - k]!), coverage: round4(orderStatisticCoverage(n, k)), rank: k };
}
