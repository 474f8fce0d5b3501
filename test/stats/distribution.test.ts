import { describe, expect, it } from "vitest";
import { distributionFromRounds } from "../../src/stats/distribution.js";
import * as hdr from "hdr-histogram-js";

const options = { resamples: 2000, seed: 1, confidence: 0.95 };

describe("distributionFromRounds", () => {
  const rounds = [
    [1, 2, 3, 4, 100],
    [1.1, 2.1, 3.1, 4.1, 5.1],
    [0.9, 1.9, 2.9, 3.9, 4.9],
  ];
  const d = distributionFromRounds(rounds, 2, ["e1"], options);

  it("takes the median of the round medians, with the seeded bootstrap interval of the round medians", () => {
    expect(d.rounds_ms).toEqual([3, 3.1, 2.9]);
    expect(d.median_ms).toBe(3);
    // test/stats/bootstrap-reference.py: round medians [3, 3.1, 2.9], 2000 resamples, seed 1.
    expect(d.median_ci95_ms).toEqual([2.9, 3.1]);
  });

  it("reads tails from the merged histogram of every request", () => {
    expect(d.count).toBe(15);
    expect(d.max_ms).toBeCloseTo(100, 1);
    expect(d.min_ms).toBeCloseTo(0.9, 3);
    const merged = hdr.decodeFromCompressedBase64(d.hdr!);
    expect(merged.totalCount).toBe(15);
  });

  it("measures noise between rounds and counts, but keeps, outliers", () => {
    expect(d.cv).toBeCloseTo(0.0333, 3);
    expect(d.noise).toBe("ok");
    expect(d.outliers).toEqual({ low: 0, high: 1 });
    expect(d.errors).toBe(2);
    expect(d.error_examples).toEqual(["e1"]);
  });

  // One round has no spread between rounds to show: 0% and a zero-width interval would claim
  // a precision nobody measured.
  it("has no interval, CV or noise grade with a single round, but all the rest", () => {
    const single = distributionFromRounds([[1, 2, 3, 4, 100]], 0, [], options);
    expect(single).toMatchObject({ count: 5, rounds_ms: [3], median_ms: 3, median_ci95_ms: null, cv: null, noise: null, outliers: { low: 0, high: 1 } });
    expect(single.max_ms).toBeCloseTo(100, 1);
    expect(single.hdr).not.toBeNull();
  });

  it("has an interval and a CV from two rounds on", () => {
    const two = distributionFromRounds([[1, 2, 3], [1.2, 2.2, 3.2]], 0, [], options);
    expect(two.median_ci95_ms).toEqual([2, 2.2]);
    expect(two.cv).toBeCloseTo(0.0673, 4);
    expect(two.noise).toBe("noisy");
  });

  it("has null statistics when nothing succeeded", () => {
    const empty = distributionFromRounds([[], []], 7, [], options);
    expect(empty).toMatchObject({ count: 0, errors: 7, median_ms: null, median_ci95_ms: null, p99_ms: null, hdr: null, rounds_ms: [] });
  });
});
