import { describe, expect, it } from "vitest";
import * as hdr from "hdr-histogram-js";
import { distributionFromSessions } from "../../src/stats/distribution.js";
import { tukeyOutliers } from "../../src/stats/noise.js";

describe("distributionFromSessions", () => {
  const sessions = [
    [1, 2, 3, 4, 100],
    [1.1, 2.1, 3.1, 4.1, 5.1],
    [0.9, 1.9, 2.9, 3.9, 4.9],
  ];
  const d = distributionFromSessions(sessions, 2, { errorExamples: ["e1"], freshConnections: 3, tails: true });

  it("takes the median of the session medians, with the order-statistic interval and its real coverage", () => {
    expect(d.sessions_ms).toEqual([3, 3.1, 2.9]);
    expect(d.median_ms).toBe(3);
    // Three values: [min, max] is all there is, and it covers the median 75% of the time.
    expect(d.median_interval).toEqual({ low_ms: 2.9, high_ms: 3.1, coverage: 0.75, rank: 1 });
  });

  it("takes p99 within each session (type 7), with its median and range across sessions", () => {
    // [1, 2, 3, 4, 100]: position 3.96 → 4 + 0.96 × 96 = 96.16; 4.1 + 0.96 = 5.06; 3.9 + 0.96 = 4.86.
    expect(d.p99).toEqual({ sessions_ms: [96.16, 5.06, 4.86], median_ms: 5.06, min_ms: 4.86, max_ms: 96.16 });
  });

  it("leaves a session cut short (under half the samples of the fullest) out of the per-session statistics, not out of the count", () => {
    const whole = [[1, 2, 3, 4], [2, 3, 4, 5]];
    const withCut = [...whole, [40]];
    const cut = distributionFromSessions(withCut, 0, { tails: true });
    const full = distributionFromSessions(whole, 0, { tails: true });
    expect(cut.sessions_ms).toEqual(full.sessions_ms);
    expect(cut.p99).toEqual(full.p99);
    expect(cut.count).toBe(9);
    expect(cut.max_ms).toBe(40);
  });

  it("keeps min, max and the histogram over every sample", () => {
    expect(d.count).toBe(15);
    expect(d.min_ms).toBe(0.9);
    expect(d.max_ms).toBeCloseTo(100, 1);
    expect(hdr.decodeFromCompressedBase64(d.hdr!).totalCount).toBe(15);
  });

  it("measures noise between sessions and counts, but keeps, outliers", () => {
    expect(d.cv).toBe(0.0333);
    expect(d.noise).toBe("ok");
    expect(d.outliers).toEqual({ low: 0, high: 1 });
    expect(d).toMatchObject({ errors: 2, error_examples: ["e1"], fresh_connections: 3 });
  });

  // Pooled across sessions, the slow session's five ordinary requests would all be "outliers";
  // within their own session they are not.
  it("counts outliers within each session, so one slow session is not a crowd of outliers", () => {
    const normal = [1, 1.1, 0.9, 1.05, 0.95];
    const slow = normal.map((v) => v * 5);
    const withSlow = [normal, normal, normal, normal, normal, normal, slow];
    expect(tukeyOutliers(withSlow.flat())).toEqual({ low: 0, high: 5 });
    expect(distributionFromSessions(withSlow, 0, { tails: true }).outliers).toEqual({ low: 0, high: 0 });
    const spikes = [[...normal, 9], [...normal, 0.1], normal];
    expect(distributionFromSessions(spikes, 0, { tails: true }).outliers).toEqual({ low: 1, high: 1 });
  });

  it("has no p99 for bulk (tails: false) and no error_examples when there are none", () => {
    const bulk = distributionFromSessions(sessions, 0, { tails: false });
    expect(bulk.p99).toBeNull();
    expect(bulk.median_ms).toBe(3);
    expect(bulk).not.toHaveProperty("error_examples");
    expect(bulk.fresh_connections).toBe(0);
  });

  // One session has no spread between sessions to show: 0% and a zero-width interval would claim
  // a precision nobody measured.
  it("has no interval, CV or noise grade with a single session, but all the rest", () => {
    const single = distributionFromSessions([[1, 2, 3, 4, 100]], 0, { tails: true });
    expect(single).toMatchObject({ count: 5, sessions_ms: [3], median_ms: 3, median_interval: null, cv: null, noise: null, outliers: { low: 0, high: 1 } });
    expect(single.p99).toEqual({ sessions_ms: [96.16], median_ms: 96.16, min_ms: 96.16, max_ms: 96.16 });
  });

  it("has an interval and a CV from two sessions on, and skips sessions without samples", () => {
    const two = distributionFromSessions([[1, 2, 3], [], [1.2, 2.2, 3.2]], 0, { tails: true });
    expect(two.sessions_ms).toEqual([2, 2.2]);
    expect(two.median_interval).toEqual({ low_ms: 2, high_ms: 2.2, coverage: 0.5, rank: 1 });
    expect(two.cv).toBe(0.0673);
    expect(two.noise).toBe("noisy");
  });

  it("takes the median of skewed session medians, not their mean", () => {
    const skewed = distributionFromSessions([[1, 1, 1], [2, 2, 2], [10, 10, 10]], 0, { tails: false });
    expect(skewed).toMatchObject({ sessions_ms: [1, 2, 10], median_ms: 2, median_interval: { low_ms: 1, high_ms: 10, coverage: 0.75, rank: 1 } });
  });

  it("has null statistics when nothing succeeded", () => {
    expect(distributionFromSessions([[], []], 7, { tails: true, errorExamples: ["timeout"] })).toEqual({
      count: 0, errors: 7, sessions_ms: [], median_ms: null, median_interval: null, cv: null, noise: null, min_ms: null, max_ms: null,
      p99: null, outliers: { low: 0, high: 0 }, hdr: null, fresh_connections: 0, anatomy: null, cpu: null, statements: null, error_examples: ["timeout"],
    });
  });
});
