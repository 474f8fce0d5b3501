import { describe, expect, it } from "vitest";
import { orderStatisticCoverage, orderStatisticInterval } from "../../src/stats/median-interval.js";
import { seededRandom } from "../../src/stats/random.js";

/**
 * The coverage by brute force, independent of the binomial: of all 2^n equally likely ways
 * the n values fall above or below the true median, count those where at least k fall on
 * each side (then the median lies between the k-th lowest and the k-th highest).
 */
function enumeratedCoverage(n: number, k: number): number {
  let covered = 0;
  for (let pattern = 0; pattern < 2 ** n; pattern++) {
    let below = 0;
    for (let bit = 0; bit < n; bit++) if (pattern & (1 << bit)) below++;
    if (below >= k && n - below >= k) covered++;
  }
  return covered / 2 ** n;
}

const ascending = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("orderStatisticInterval", () => {
  it("states the coverage that counting every sign pattern gives, for n = 2..16 and every k", () => {
    for (let n = 2; n <= 16; n++) {
      for (let k = 1; k <= n / 2; k++) expect(orderStatisticCoverage(n, k)).toBeCloseTo(enumeratedCoverage(n, k), 14);
    }
  });

  it("covers a true median as often as it says (seeded simulation, n = 17..20)", () => {
    const random = seededRandom(2026);
    for (let n = 17; n <= 20; n++) {
      let covered = 0;
      const trials = 4000;
      for (let t = 0; t < trials; t++) {
        // Exponential values, median ln 2: skewed like latencies.
        const values = Array.from({ length: n }, () => -Math.log(1 - random()));
        const interval = orderStatisticInterval(values)!;
        if (interval.low_ms <= Math.LN2 && Math.LN2 <= interval.high_ms) covered++;
      }
      const stated = orderStatisticInterval(ascending(n))!.coverage;
      // 4000 trials: the standard error of a ~96% share is 0.3%.
      expect(Math.abs(covered / trials - stated)).toBeLessThan(0.015);
    }
  });

  // scipy-reference.py: k = the largest with 1 - 2 * stats.binom.cdf(k - 1, n, 0.5) >= 0.95.
  it("matches SciPy's binomial for the chosen k", () => {
    const cases: [n: number, k: number, coverage: number][] = [
      [2, 1, 0.5],
      [3, 1, 0.75],
      [5, 1, 0.9375],
      [6, 1, 0.96875],
      [8, 1, 0.9921875],
      [10, 2, 0.978515625],
      [20, 6, 0.9586105346679688],
      [50, 18, 0.9671608624357315],
      [100, 40, 0.9647997997822951],
    ];
    for (const [n, k, coverage] of cases) {
      expect(orderStatisticCoverage(n, k)).toBeCloseTo(coverage, 14);
      expect(orderStatisticInterval(ascending(n))).toMatchObject({ rank: k, coverage: Math.round(coverage * 1e4) / 1e4 });
    }
  });

  it("is [min, max] at 0.9922 for 8 sessions, the 2nd from each end at 0.9785 for 10, and [min, max] at its real 0.9375 for 5", () => {
    expect(orderStatisticInterval([3.2, 3.0, 3.5, 2.9, 3.1, 3.3, 4.8, 3.05])).toEqual({ low_ms: 2.9, high_ms: 4.8, coverage: 0.9922, rank: 1 });
    expect(orderStatisticInterval([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ low_ms: 2, high_ms: 9, coverage: 0.9785, rank: 2 });
    expect(orderStatisticInterval([5, 1, 4, 2, 3])).toEqual({ low_ms: 1, high_ms: 5, coverage: 0.9375, rank: 1 });
  });

  it("takes other coverage targets", () => {
    expect(orderStatisticInterval(ascending(10), 0.9)).toEqual({ low_ms: 2, high_ms: 9, coverage: 0.9785, rank: 2 });
    expect(orderStatisticInterval(ascending(10), 0.8)).toEqual({ low_ms: 3, high_ms: 8, coverage: 0.8906, rank: 3 });
  });

  it("is null for fewer than two values", () => {
    expect(orderStatisticInterval([])).toBeNull();
    expect(orderStatisticInterval([1.5])).toBeNull();
  });
});
