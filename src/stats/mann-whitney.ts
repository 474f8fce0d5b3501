import { averageRanks } from "./ranks.js";
/**
 * Two-sided Mann–Whitney U test: do two groups of measurements come from the same
 * distribution? Exact p-value by counting for small groups without ties; otherwise the
 * normal approximation with tie and continuity corrections (as SciPy's `mannwhitneyu`).
 */
export interface MannWhitneyResult {
  /** U of the first group. */
  u: number;
  p: number;
  method: "exact" | "normal";
}

const EXACT_LIMIT = 25;

export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("both groups need values");
  const { ranks, tieTerm } = averageRanks([...a, ...b]);
  const rankSumA = ranks.slice(0, n1).reduce((sum, r) => sum + r, 0);
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const hasTies = tieTerm > 0;
  if (!hasTies && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) return { u, p: exactP(u, n1, n2), method: "exact" };
  const mean = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance === 0) return { u, p: 1, method: "normal" };
  const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * normalSurvival(Math.max(z, 0))), method: "normal" };
}


/** Exact two-sided p: counts of rank arrangements giving each U, by dynamic programming. */
function exactP(u: number, n1: number, n2: number): number {
  // counts[i][j][k]: arrangements of i values of a and j of b with U = k.
  const maxU = n1 * n2;
  let previous: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(maxU + 1).fill(0));
  for (let j = 0; j <= n2; j++) previous[j]![0] = 1;
  for (let i = 1; i <= n1; i++) {
    const current: number[][] = Array.from({ length: n2 + 1 }, () => new Array<number>(maxU + 1).fill(0));
    current[0]![0] = 1;
    for (let j = 1; j <= n2; j++) {
      for (let k = 0; k <= i * j; k++) {
        // The largest value is from a (adds j to U) or from b (adds nothing).
        current[j]![k] = (k >= j ? previous[j]![k - j]! : 0) + current[j - 1]![k]!;
      }
    }
    previous = current;
  }
  const counts = previous[n2]!;
  const total = counts.reduce((sum, c) => sum + c, 0);
  const extreme = Math.min(u, maxU - u);
  let tail = 0;
  for (let k = 0; k <= extreme; k++) tail += counts[k]!;
  return Math.min(1, (2 * tail) / total);
}

/** P(Z > z) for a standard normal Z (complementary error function, |error| < 1.2e-7). */
export function normalSurvival(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}
