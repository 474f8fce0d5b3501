import erfc from "@stdlib/math-base-special-erfc";
import { averageRanks } from "./ranks.js";

/**
 * The two-sided Wilcoxon signed-rank test of paired differences against 0, as SciPy 1.17's
 * `scipy.stats.wilcoxon(x)` computes it with its defaults (zero_method="wilcox",
 * correction=False, method="auto"), so a reader can reproduce every p in results.json:
 * - zeros are dropped (their count still decides the method, as in SciPy);
 * - more than 50 values: the normal approximation, with the tie correction and without a
 *   continuity correction;
 * - otherwise, no ties and no zeros: the exact distribution of the signed-rank sum;
 * - otherwise, at most 13 values: SciPy runs a permutation test over all 2^n sign flips,
 *   which at that size is exact and deterministic; we count the same distribution (of the
 *   average ranks, doubled to integers) instead of enumerating it;
 * - otherwise (ties or zeros, 14 to 50 values): the normal approximation as above.
 * @stdlib/stats-wilcoxon was not used: it applies a continuity correction by default, uses
 * the normal approximation for every sample with ties or zeros, and computes 2·(1 − Φ(|z|)),
 * which loses small p-values to rounding.
 * Where SciPy's exact tail is 1 − (a sum close to 1), ours is the sum of the tail itself,
 * so for very small exact p (below ~1e-12) ours is the more accurate of the two.
 */

/** SciPy switches to the normal approximation above this many values (zeros included). */
const EXACT_LIMIT = 50;
/** SciPy's permutation test is exhaustive (2^n ≤ 9999 resamples) up to this many values. */
const PERMUTATION_LIMIT = 13;

/**
 * Two-sided p of the signed-rank test of `values` against 0. Null with fewer than two
 * values (no test to speak of; the schema's "null with fewer than two" sessions). With every
 * value zero it is 1: no pair shows a difference in either direction (SciPy gives 1 up to 13
 * values and NaN above). With a single non-zero value among zeros or alone it is 1 too, as
 * SciPy's exact and permutation tests give.
 */
export function wilcoxonSignedRankP(values: readonly number[]): number | null {
  if (values.some((value) => !Number.isFinite(value))) throw new RangeError("values must be finite numbers");
  if (values.length < 2) return null;
  const nonZero = values.filter((value) => value !== 0);
  if (nonZero.length === 0) return 1;
  const { ranks, tieTerm } = absoluteRanks(nonZero);
  const rankSumPositive = nonZero.reduce((sum, value, i) => (value > 0 ? sum + ranks[i]! : sum), 0);
  const hasTies = tieTerm > 0;
  const hasZeros = nonZero.length < values.length;
  if (values.length > EXACT_LIMIT) return normalP(rankSumPositive, nonZero.length, tieTerm);
  if (!hasTies && !hasZeros) return exactP(ranks, rankSumPositive);
  if (values.length <= PERMUTATION_LIMIT) return exactP(ranks, rankSumPositive);
  return normalP(rankSumPositive, nonZero.length, tieTerm);
}

/** Average ranks (1-based) of |values| and Σ(t³ − t) over groups of tied |values|. */
const absoluteRanks = (values: readonly number[]) => averageRanks(values.map(Math.abs));

/**
 * Exact two-sided p: under the null every value's sign is + or − with probability ½, so
 * the positive-rank sum is the sum of a random subset of the ranks. Counting subsets by
 * their sum (a knapsack over ranks doubled, as average ranks are halves) gives the whole
 * distribution; p = 2 · min(P(T ≤ t), P(T ≥ t)), capped at 1. Without ties the ranks are
 * 1..n and this is the classic signed-rank distribution. Counts stay exact in doubles up
 * to 2^53, far beyond the 2^50 patterns of the largest exact case.
 */
function exactP(ranks: readonly number[], rankSumPositive: number): number {
  const doubled = ranks.map((rank) => Math.round(rank * 2));
  const total = doubled.reduce((sum, rank) => sum + rank, 0);
  const counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  let reach = 0;
  for (const rank of doubled) {
    reach += rank;
    for (let sum = reach; sum >= rank; sum--) counts[sum]! += counts[sum - rank]!;
  }
  const observed = Math.round(rankSumPositive * 2);
  let atMost = 0;
  let atLeast = 0;
  for (let sum = 0; sum <= total; sum++) {
    if (sum <= observed) atMost += counts[sum]!;
    if (sum >= observed) atLeast += counts[sum]!;
  }
  const patterns = 2 ** ranks.length;
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / patterns);
}

/** Normal approximation with the tie correction, without continuity correction (SciPy's default). */
function normalP(rankSumPositive: number, n: number, tieTerm: number): number {
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24;
  const z = (rankSumPositive - mean) / Math.sqrt(variance);
  // 2 · P(Z > |z|) = erfc(|z| / √2), accurate for tiny p where 1 − Φ would round to 0.
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
