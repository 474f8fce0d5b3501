import { describe, expect, it } from "vitest";
import { bootstrapInterval, bootstrapRatioInterval, median } from "../../src/stats/bootstrap.js";
import { compareRounds, speedup } from "../../src/stats/compare.js";
import { mannWhitneyU, normalSurvival } from "../../src/stats/mann-whitney.js";
import { coefficientOfVariation, noiseLevel, tukeyOutliers } from "../../src/stats/noise.js";
import { seededRandom } from "../../src/stats/random.js";

// Reference p-values from SciPy 1.x: scipy.stats.mannwhitneyu(a, b, alternative="two-sided")
// (method "auto": exact without ties for small groups, asymptotic with continuity otherwise).
describe("Mann–Whitney U", () => {
  it("matches SciPy's exact p-values without ties", () => {
    expect(mannWhitneyU([1.1, 1.2, 1.3, 1.4, 1.5], [2.1, 2.2, 2.3, 2.4, 2.5])).toMatchObject({ u: 0, method: "exact" });
    expect(mannWhitneyU([1.1, 1.2, 1.3, 1.4, 1.5], [2.1, 2.2, 2.3, 2.4, 2.5]).p).toBeCloseTo(0.007936507936507936, 12);
    expect(mannWhitneyU([1.1, 2.2, 1.3, 2.4, 1.5], [2.1, 1.2, 2.3, 1.4, 2.5]).p).toBeCloseTo(0.6904761904761905, 12);
    const unequal = mannWhitneyU([3.1, 2.9, 3.3, 3.0, 3.2, 3.4], [2.8, 2.7, 3.05, 2.95, 2.6]);
    expect(unequal.u).toBe(27);
    expect(unequal.p).toBeCloseTo(0.030303030303030304, 12);
  });

  it("matches SciPy's normal approximation with ties", () => {
    const result = mannWhitneyU([1, 2, 2, 3, 4, 4, 5], [2, 3, 3, 5, 6, 6, 7, 8]);
    expect(result).toMatchObject({ u: 12.5, method: "normal" });
    expect(result.p).toBeCloseTo(0.0795647345931905, 6);
  });

  it("uses the normal approximation for large groups", () => {
    const a = Array.from({ length: 30 }, (_, i) => 1 + 0.01 * i);
    const b = Array.from({ length: 30 }, (_, i) => 1.1 + 0.01 * i);
    const result = mannWhitneyU(a, b);
    expect(result).toMatchObject({ u: 195, method: "normal" });
    expect(result.p).toBeCloseTo(0.00016778037735502876, 6);
  });

  it("has an accurate normal tail", () => {
    expect(normalSurvival(1.959963984540054)).toBeCloseTo(0.025, 7);
    expect(normalSurvival(0)).toBeCloseTo(0.5, 7);
  });
});

// The bootstrap is seeded, so its intervals are exact numbers. Each one below was also
// computed by test/stats/bootstrap-reference.py, an independent implementation of the same
// procedure (mulberry32, resampling with replacement, type 7 quantiles): identical to the last bit.
describe("bootstrap", () => {
  // Lower and upper values, spread out enough that the interval's ends move with the seed.
  const spread = [1.21, 1.05, 1.33, 0.98, 1.12, 1.27, 1.01, 1.18, 1.4, 1.09];
  const levels = [0.5, 0.8, 0.95, 0.99];
  const intervalsAt = (seed: number) => levels.map((confidence) => bootstrapInterval(spread, { resamples: 101, seed, confidence }));

  it("draws from mulberry32", () => {
    const random = seededRandom(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it("gives exact seeded intervals that widen with the confidence level", () => {
    expect(intervalsAt(1)).toEqual([
      [1.105, 1.1949999999999998],
      [1.07, 1.225],
      [1.05, 1.2625],
      [1.04, 1.2875],
    ]);
  });

  it("is reproducible for a seed and changes with the seed", () => {
    expect(intervalsAt(1)).toEqual(intervalsAt(1));
    expect(intervalsAt(2)).toEqual([
      [1.105, 1.1949999999999998],
      [1.085, 1.21],
      [1.03, 1.27],
      [1.02, 1.2850000000000001],
    ]);
  });

  it("uses 10 000 resamples, seed 20261126 and 95% by default", () => {
    const values = [10.2, 10.4, 9.9, 10.1, 10.3, 10.0, 10.5, 9.8];
    expect(bootstrapInterval(values)).toEqual([9.9, 10.4]);
    expect(bootstrapInterval(values)).toEqual(bootstrapInterval(values, { resamples: 10_000, seed: 20261126, confidence: 0.95 }));
    expect(median(values)).toBe(10.149999999999999);
  });

  it("collapses to the value for constant data", () => {
    expect(bootstrapInterval([3, 3, 3, 3])).toEqual([3, 3]);
    expect(bootstrapRatioInterval([6, 6, 6], [2, 2, 2])).toEqual([3, 3]);
  });

  it("gives the exact ratio interval around the true ratio", () => {
    const fast = [1.0, 1.02, 0.98, 1.01, 0.99];
    const slow = fast.map((v) => v * 6);
    expect(bootstrapRatioInterval(slow, fast)).toEqual([5.823529411764706, 6.181818181818182]);
  });

  // Groups of different sizes and shapes, so the order of the draws (numerator first) shows.
  it("gives the exact ratio interval of two uneven groups", () => {
    const a = [2.3, 2.9, 2.5, 3.4, 2.7, 3.1];
    const b = [1.0, 1.4, 1.1, 1.25, 0.95];
    expect(bootstrapRatioInterval(a, b, { resamples: 1000, seed: 3, confidence: 0.9 })).toEqual([2, 3.0545454545454533]);
  });
});

describe("comparison verdicts", () => {
  const base = [1.0, 1.02, 0.98, 1.01, 0.99];

  it("calls a clear, significant slowdown slower", () => {
    const comparison = compareRounds(base.map((v) => v * 1.5), base);
    expect(comparison.verdict).toBe("slower");
    expect(comparison.ratio).toBeCloseTo(1.5, 10);
    expect(comparison.p_value).toBeCloseTo(0.007936507936507936, 12);
  });

  it("calls the same data, or a change under the threshold, the same", () => {
    expect(compareRounds(base, base).verdict).toBe("same");
    expect(compareRounds(base.map((v) => v * 1.01), base.map((v) => v * 0.999), 0.02).verdict).toBe("same");
  });

  it("turns a ratio into a speed-up with its interval", () => {
    const comparison = compareRounds(base, base.map((v) => v * 4));
    expect(comparison.verdict).toBe("faster");
    // The ratio interval is the reference script's "BASE / 4 x BASE"; the speed-up inverts it.
    expect(comparison.ratio_ci95).toEqual([0.2426470588235294, 0.25757575757575757]);
    const { factor, interval } = speedup(comparison);
    expect(factor).toBeCloseTo(4, 10);
    expect(interval[0]).toBeCloseTo(1 / 0.25757575757575757, 12);
    expect(interval[1]).toBeCloseTo(1 / 0.2426470588235294, 12);
  });
});

describe("noise", () => {
  it("computes the coefficient of variation (NumPy: std(ddof=1)/mean)", () => {
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9, 1.5, 30])).toBeCloseTo(1.163658216578019, 12);
    expect(coefficientOfVariation([2, 4])).toBeCloseTo(0.4714045207910317, 12);
  });

  it("has no coefficient of variation for a single value (not 0%)", () => {
    expect(coefficientOfVariation([5])).toBeNull();
    expect(coefficientOfVariation([])).toBeNull();
  });

  it("grades noise at 5% and 10%", () => {
    expect([noiseLevel(0.04), noiseLevel(0.07), noiseLevel(0.2)]).toEqual(["ok", "noisy", "very-noisy"]);
  });

  it("counts Tukey outliers on both sides", () => {
    expect(tukeyOutliers([1, 2, 2, 3, 3, 3, 4, 4, 5, 40, -30])).toEqual({ low: 1, high: 1 });
    expect(tukeyOutliers([1, 2, 3])).toEqual({ low: 0, high: 0 });
  });
});
