import { seededRandom, type Random } from "./random.js";
import { quantile, sortSamples } from "./summary.js";

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 10_000, seed: 20261126, confidence: 0.95 };

export type Interval = [low: number, high: number];

/** The median of an unsorted array (copied, not mutated). */
export function median(values: readonly number[]): number {
  return quantile(sortSamples(values), 0.5);
}

function resample(values: readonly number[], random: Random, into: number[]): number[] {
  for (let i = 0; i < values.length; i++) into[i] = values[Math.floor(random() * values.length)]!;
  return into;
}

function percentileInterval(estimates: number[], confidence: number): Interval {
  const sorted = sortSamples(estimates);
  const tail = (1 - confidence) / 2;
  return [quantile(sorted, tail), quantile(sorted, 1 - tail)];
}

/**
 * Percentile bootstrap interval of a statistic (default: the median): resample with
 * replacement, recompute, take the central `confidence` share of the estimates.
 */
export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = DEFAULT_BOOTSTRAP, statistic: (sample: readonly number[]) => number = median): Interval {
  if (values.length === 0) throw new RangeError("no values to bootstrap");
  const random = seededRandom(options.seed);
  const buffer = new Array<number>(values.length);
  const estimates = new Array<number>(options.resamples);
  for (let i = 0; i < options.resamples; i++) estimates[i] = statistic(resample(values, random, buffer));
  return percentileInterval(estimates, options.confidence);
}

/**
 * Interval of statistic(a) / statistic(b), resampling both groups independently: how many
 * times larger a's median is than b's, with its uncertainty.
 */
export function bootstrapRatioInterval(a: readonly number[], b: readonly number[], options: BootstrapOptions = DEFAULT_BOOTSTRAP, statistic: (sample: readonly number[]) => number = median): Interval {
  if (a.length === 0 || b.length === 0) throw new RangeError("no values to bootstrap");
  const random = seededRandom(options.seed);
  const bufferA = new Array<number>(a.length);
  const bufferB = new Array<number>(b.length);
  const estimates = new Array<number>(options.resamples);
  for (let i = 0; i < options.resamples; i++) {
    const numerator = statistic(resample(a, random, bufferA));
    const denominator = statistic(resample(b, random, bufferB));
    estimates[i] = numerator / denominator;
  }
  return percentileInterval(estimates.filter(Number.isFinite), options.confidence);
}
