import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { PairedRatio } from "../results/types.js";
import { median } from "./bootstrap.js";
import { wilcoxonSignedRankP } from "./signed-rank.js";
import { mean, standardDeviation } from "./summary.js";

export { wilcoxonSignedRankP } from "./signed-rank.js";

export const SIGNIFICANCE_LEVEL = 0.05;

/**
 * The fewest sessions with which a difference can be called significant: the exact
 * two-sided signed-rank p is at least 2 / 2^n (every session in the same direction), which
 * first falls below 0.05 at n = 6 (2/64 ≈ 0.031; 2/32 = 0.0625 at n = 5). A run with fewer
 * sessions reports intervals but can only ever say "same".
 */
export const MIN_SESSIONS_FOR_SIGNIFICANCE = 6;

/**
 * The Student t-interval of the mean at a given coverage: mean ± t((1 + coverage) / 2, n − 1)
 * · s / √n. Null with fewer than two values (no spread to measure). With sessions as the
 * unit, n is the number of sessions, so the interval is only as narrow as the sessions agree.
 * Coverage above 0.95 is for a family of intervals that must hold together (Bonferroni: a
 * claim of k parts gives each 1 − 0.05 / k).
 */
export function tInterval(values: readonly number[], coverage: number): [number, number] | null {
  if (values.length < 2) return null;
  if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must lie strictly between 0 and 1 (got ${coverage})`);
  const centre = mean(values);
  const halfWidth = (tQuantile((1 + coverage) / 2, values.length - 1) * standardDeviation(values)) / Math.sqrt(values.length);
  return [centre - halfWidth, centre + halfWidth];
}

/** The 95% t-interval of the mean (see tInterval). */
export function tInterval95(values: readonly number[]): [number, number] | null {
  return tInterval(values, 0.95);
}

/** The block medians of two series measured in the same block of the same session. */
export interface PairedBlock {
  session: number;
  block: number;
  candidateMs: number;
  baselineMs: number;
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const measurable = (ms: number) => Number.isFinite(ms) && ms > 0;

/**
 * Each session's value of a paired comparison: the median of its blocks' log(candidate /
 * baseline), in session order. Blocks where either median is missing, zero or not finite are
 * skipped. A session cut short (a crash, Ctrl-C) would weigh one block's ratio as much as a
 * whole session's: sessions with fewer than half the blocks of the fullest are left out.
 * Throws when no block is paired. Shared by pairedRatio and the claims evaluation, so a
 * claim is judged on exactly the sessions the comparisons count.
 */
export function sessionLogRatios(blocks: readonly PairedBlock[]): { values: number[]; blocks: number } {
  const bySession = new Map<number, number[]>();
  let paired = 0;
  for (const block of blocks) {
    if (!measurable(block.candidateMs) || !measurable(block.baselineMs)) continue;
    const logRatios = bySession.get(block.session) ?? [];
    logRatios.push(Math.log(block.candidateMs / block.baselineMs));
    bySession.set(block.session, logRatios);
    paired++;
  }
  if (paired === 0) throw new RangeError("no block with both series measured");
  const fullest = Math.max(...[...bySession.values()].map((logRatios) => logRatios.length));
  const kept = [...bySession.entries()].sort(([a], [b]) => a - b).map(([, logRatios]) => logRatios).filter((logRatios) => logRatios.length * 2 >= fullest);
  return { values: kept.map((logRatios) => median(logRatios)), blocks: kept.reduce((sum, logRatios) => sum + logRatios.length, 0) };
}

/**
 * The paired ratio candidate / baseline. Two series measured seconds apart in the same
 * block share the machine's drift, so their log-ratio per block cancels it; the session's
 * value is the median over its blocks (robust to a block hit by a hiccup), and sessions —
 * fresh processes, the unit of replication — are what the interval and the test count.
 * The ratio is the geometric mean over sessions, the interval exp of the t-interval of
 * the session log-ratios, p the signed-rank test of those log-ratios.
 * Blocks where either median is missing, zero or not finite are skipped. Throws when no
 * block is paired: there is no ratio to report, and the caller decides what that means.
 * Ratio and interval are rounded to 4 decimals as elsewhere in results.json; p is not, as
 * a small p rounded to 4 decimals would read 0.
 */
export function pairedRatio(blocks: readonly PairedBlock[], noiseThreshold: number): PairedRatio {
  const { values: sessionValues, blocks: keptBlocks } = sessionLogRatios(blocks);
  const ratio = Math.exp(mean(sessionValues));
  const logInterval = tInterval95(sessionValues);
  const interval: [number, number] | null = logInterval ? [Math.exp(logInterval[0]), Math.exp(logInterval[1])] : null;
  const pValue = wilcoxonSignedRankP(sessionValues);
  const significant = interval !== null && (interval[0] > 1 || interval[1] < 1) && pValue !== null && pValue < SIGNIFICANCE_LEVEL && Math.abs(ratio - 1) > noiseThreshold;
  return {
    ratio: round4(ratio),
    ratio_ci95: interval ? [round4(interval[0]), round4(interval[1])] : null,
    p_value: pValue,
    sessions: sessionValues.length,
    blocks: keptBlocks,
    verdict: significant ? (ratio > 1 ? "slower" : "faster") : "same",
  };
}
