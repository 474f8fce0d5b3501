import { bootstrapRatioInterval, DEFAULT_BOOTSTRAP, median, type BootstrapOptions, type Interval } from "./bootstrap.js";
import { mannWhitneyU } from "./mann-whitney.js";
import { SIGNIFICANCE_LEVEL } from "./paired.js";

export { SIGNIFICANCE_LEVEL } from "./paired.js";
/** Differences smaller than this share of the baseline are "~ no difference" even when significant. */
export const DEFAULT_NOISE_THRESHOLD = 0.02;

export type Verdict = "slower" | "faster" | "same";

export interface Comparison {
  /** median(candidate) / median(baseline): above 1 means the candidate takes longer. */
  ratio: number;
  ratio_ci95: Interval;
  p_value: number;
  verdict: Verdict;
}

/**
 * Compares the per-session values of one metric between two runs (`crudbench compare`):
 * sessions of different runs are independent, so an unpaired test fits there, while the
 * targets of one run are compared paired, block by block (paired.ts). The verdict is
 * "same" unless the Mann–Whitney test is significant, the ratio's interval excludes 1,
 * and the change is larger than the noise threshold.
 */
export function compareRounds(candidate: readonly number[], baseline: readonly number[], threshold = DEFAULT_NOISE_THRESHOLD, options: BootstrapOptions = DEFAULT_BOOTSTRAP): Comparison {
  const ratio = median(candidate) / median(baseline);
  const ratioInterval = bootstrapRatioInterval(candidate, baseline, options);
  const { p } = mannWhitneyU(candidate, baseline);
  const excludesOne = ratioInterval[0] > 1 || ratioInterval[1] < 1;
  const meaningful = Math.abs(ratio - 1) > threshold;
  const verdict: Verdict = p < SIGNIFICANCE_LEVEL && excludesOne && meaningful ? (ratio > 1 ? "slower" : "faster") : "same";
  return { ratio, ratio_ci95: ratioInterval, p_value: p, verdict };
}

/** "6.1× faster [5.8×, 6.4×]" style wording of how many times faster `a` is than `b` (b's time / a's time). */
/** A paired comparison may have no interval (one session): then neither has the speed-up. */
export function speedup<I extends Interval | null>(comparison: { ratio: number; ratio_ci95: I }): { factor: number; interval: I } {
  const interval = comparison.ratio_ci95;
  return { factor: 1 / comparison.ratio, interval: (interval ? [1 / interval[1], 1 / interval[0]] : null) as I };
}
