import { describe, expect, it } from "vitest";
import { locustOpenLevel } from "../../src/load/locust/locust-open.js";
import type { LevelMeasurement } from "../../src/results/types.js";
import { judged } from "../../src/stats/load-verdict.js";

/** A closed level as locustLevel reads it: 10 s at 64 users, 1 990 req/s answered. */
function closed(count: number, achieved: number): LevelMeasurement {
  return {
    model: "closed",
    generator: "locust",
    concurrency: 64,
    target_rate: null,
    achieved_rps: achieved,
    quarters_rps: [achieved, achieved, achieved, achieved],
    latency: { count, mean_ms: 1.2, censored: 0, p99_lower_bound: false, p50_ms: 1, p90_ms: 2, p99_ms: 4, p999_ms: 9, max_ms: 12, spectrum: [{ percentile: 50, ms: 1 }] },
    uncorrected_latency: null,
    errors: {},
    dropped: 0,
    dispatch_lag_p99_ms: null,
    generator_cpu_percent: null,
    event_loop_delay_p99_ms: null,
    generator_bound: null,
  };
}

describe("a Locust level paced at a rate", () => {
  it("is an open level whose latency is Locust's uncorrected one, the corrected unknown", () => {
    const level = locustOpenLevel(closed(20_030, 2000), 2000, 10);
    expect(level).toMatchObject({ model: "open", target_rate: 2000, dropped: 0, uncorrected_latency: { p99_ms: 4, mean_ms: 1.2 } });
    expect(level.latency).toMatchObject({ count: 20_030, p50_ms: null, p99_ms: null, max_ms: null, mean_ms: null, spectrum: [] });
    expect(judged(level, { sloP99Ms: 50 }).verdict.valid).toBe(true);
  });

  it("counts the sends its pacing missed as dropped, so a stalled server fails the level", () => {
    // Due 2 000 × 10 s (less one per user at the edges); a server that stalled for a while let Locust's users send only 15 000.
    const level = locustOpenLevel(closed(15_000, 1500), 2000, 10);
    expect(level.dropped).toBe(20_000 - 64 - 15_000);
    // Up to one send per user short is the run's edges, not a miss.
    expect(locustOpenLevel(closed(20_000 - 64, 2000), 2000, 10).dropped).toBe(0);
    const verdict = judged(level, { sloP99Ms: 50 }).verdict;
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toEqual(["reached 75% of the rate asked for", "24.8% of requests failed, timed out or were dropped"]);
  });
});
