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

describe("bootstrap", () => {
  it("is reproducible for a seed and differs across seeds", () => {
    const values = [5, 1, 4, 2, 3, 9, 7];
    const options = { resamples: 2000, seed: 42, confidence: 0.95 };
    expect(bootstrapInterval(values, options)).toEqual(bootstrapInterval(values, options));
    const random = seededRandom(1);
    expect(random()).not.toBe(seededRandom(2)());
  });

  it("brackets the median and stays within the data", () => {
    const values = [10.2, 10.4, 9.9, 10.1, 10.3, 10.0, 10.5, 9.8];
    const [low, high] = bootstrapInterval(values);
    expect(low).toBeLessThanOrEqual(median(values));
    expect(high).toBeGreaterThanOrEqual(median(values));
    expect(low).toBeGreaterThanOrEqual(9.8);
    expect(high).toBeLessThanOrEqual(10.5);
  });

  it("collapses to the value for constant data", () => {
    expect(bootstrapInterval([3, 3, 3, 3])).toEqual([3, 3]);
    expect(bootstrapRatioInterval([6, 6, 6], [2, 2, 2])).toEqual([3, 3]);
  });

  it("gives a ratio interval around the true ratio", () => {
    const fast = [1.0, 1.02, 0.98, 1.01, 0.99];
    const slow = fast.map((v) => v * 6);
    const [low, high] = bootstrapRatioInterval(slow, fast);
    expect(low).toBeGreaterThan(5.5);
    expect(high).toBeLessThan(6.5);
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
    const { factor, interval } = speedup(comparison);
    expect(factor).toBeCloseTo(4, 10);
    expect(interval[0]).toBeLessThanOrEqual(factor);
    expect(interval[1]).toBeGreaterThanOrEqual(factor);
  });
});

describe("noise", () => {
  it("computes the coefficient of variation (NumPy: std(ddof=1)/mean)", () => {
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9, 1.5, 30])).toBeCloseTo(1.163658216578019, 12);
    expect(coefficientOfVariation([5])).toBe(0);
  });

  it("grades noise at 5% and 10%", () => {
    expect([noiseLevel(0.04), noiseLevel(0.07), noiseLevel(0.2)]).toEqual(["ok", "noisy", "very-noisy"]);
  });

  it("counts Tukey outliers on both sides", () => {
    expect(tukeyOutliers([1, 2, 2, 3, 3, 3, 4, 4, 5, 40, -30])).toEqual({ low: 1, high: 1 });
    expect(tukeyOutliers([1, 2, 3])).toEqual({ low: 0, high: 0 });
  });
});
