import { describe, expect, it } from "vitest";
import { mean, quantile, sortSamples, standardDeviation } from "../../src/stats/summary.js";

// Expected values computed independently with Python: statistics.quantiles(x, n=100,
// method="inclusive") (type 7), statistics.median, statistics.stdev.
describe("quantile (type 7)", () => {
  const sorted = sortSamples([4, 1, 3, 2]);

  it("sorts its input", () => {
    expect([...sorted]).toEqual([1, 2, 3, 4]);
  });

  it("interpolates between closest ranks", () => {
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 0.95)).toBeCloseTo(3.85, 12);
    expect(quantile(sorted, 0.99)).toBeCloseTo(3.97, 12);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 1)).toBe(4);
  });

  it("returns the sample itself for one sample", () => {
    expect(quantile(sortSamples([7]), 0.99)).toBe(7);
  });

  it("rejects empty input and bad q", () => {
    expect(() => quantile(sortSamples([]), 0.5)).toThrow(RangeError);
    expect(() => quantile(sorted, 1.5)).toThrow(RangeError);
  });

  it("rejects non-finite samples", () => {
    expect(() => sortSamples([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("descriptive statistics", () => {
  it("match Python on a fixed sample", () => {
    const sorted = sortSamples([2, 4, 4, 4, 5, 5, 7, 9, 1.5, 30]);
    expect(mean(sorted)).toBeCloseTo(7.15, 12);
    expect(quantile(sorted, 0.25)).toBe(4);
    expect(quantile(sorted, 0.5)).toBe(4.5);
    expect(quantile(sorted, 0.75)).toBe(6.5);
    expect(quantile(sorted, 0.95)).toBeCloseTo(20.55, 12);
    expect(quantile(sorted, 0.99)).toBeCloseTo(28.11, 12);
    expect(standardDeviation(sorted)).toBeCloseTo(8.320156, 6);
  });

  it("gives zero spread for one sample", () => {
    expect(standardDeviation([3])).toBe(0);
    expect(mean([3])).toBe(3);
  });
});
