import { describe, expect, it } from "vitest";
import type { LevelMeasurement } from "../../src/results/types.js";
import { judged, judgeLevel, levelChecks } from "../../src/stats/load-verdict.js";

/** A closed level of 8 connections at 4000 req/s with a 2 ms mean: Little's law holds exactly. */
function closedLevel(overrides: Partial<LevelMeasurement> = {}, latency: Partial<LevelMeasurement["latency"]> = {}): LevelMeasurement {
  return {
    model: "closed",
    generator: "crudbench",
    concurrency: 8,
    target_rate: null,
    achieved_rps: 4000,
    quarters_rps: [4000, 4010, 3990, 4000],
    latency: { count: 40_000, mean_ms: 2, p50_ms: 1.9, p90_ms: 2.5, p99_ms: 4, p999_ms: 6, max_ms: 9, spectrum: [], censored: 0, p99_lower_bound: false, ...latency },
    uncorrected_latency: null,
    errors: {},
    dropped: 0,
    dispatch_lag_p99_ms: 0.2,
    generator_cpu_percent: 40,
    event_loop_delay_p99_ms: 0.5,
    generator_bound: false,
    ...overrides,
  };
}

const openLevel = (overrides: Partial<LevelMeasurement> = {}): LevelMeasurement => closedLevel({ model: "open", concurrency: 64, target_rate: 400, achieved_rps: 398, quarters_rps: [400, 398, 396, 398], ...overrides });
const context = { sloP99Ms: 50 };

describe("a load level's verdict", () => {
  it("is valid when every check holds, with the checks' values", () => {
    expect(judgeLevel(closedLevel(), context)).toEqual({
      valid: true,
      reasons: [],
      checks: { littles_law: 1, achieved_share: null, stability: 1, error_share: 0, generator_cpu_percent: 40, dispatch_lag_share: 0.004, ceiling_share: null },
    });
    expect(judgeLevel(openLevel(), context)).toMatchObject({ valid: true, checks: { littles_law: null, achieved_share: 0.995, stability: 0.995 } });
  });

  it("fails Little's law when requests waited outside the measured latency (closed model)", () => {
    // 8 connections at 4000 req/s need a 2 ms mean; a 1.5 ms mean leaves a third of the time unaccounted for.
    const verdict = judgeLevel(closedLevel({}, { mean_ms: 1.5 }), context);
    expect(verdict.checks.littles_law).toBe(1.333);
    expect(verdict.reasons).toEqual(["Little's law off by 33.3% (connections ÷ throughput × mean latency = 1.333): requests waited outside the measured latency"]);
    expect(judgeLevel(closedLevel({}, { mean_ms: 1.85 }), context).valid).toBe(true);
  });

  it("names every failed check at once: rate short, unstable, errors and drops, a busy and late generator", () => {
    const level = openLevel({ achieved_rps: 300, quarters_rps: [400, 350, 250, 200], errors: { "500": 30, timeout: 10 }, dropped: 20, generator_cpu_percent: 85, dispatch_lag_p99_ms: 7 });
    const verdict = judgeLevel({ ...level, latency: { ...level.latency, count: 3060, censored: 60 } }, context);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks).toMatchObject({ achieved_share: 0.75, stability: 0.5, error_share: 0.02, dispatch_lag_share: 0.14 });
    expect(verdict.reasons).toEqual([
      "reached 75% of the rate asked for",
      "throughput changed by 50% from the window's first quarter to its last",
      "2% of requests failed, timed out or were dropped",
      "the generator used 85% of a core",
      "the generator sent late (dispatch lag p99 7 ms, over 10% of the 50 ms objective)",
    ]);
  });

  it("is invalid with nothing answered", () => {
    expect(judgeLevel(closedLevel({ achieved_rps: 0, quarters_rps: [0, 0, 0, 0], errors: { timeout: 8 } }, { count: 8, censored: 8, mean_ms: null }), context).reasons).toContain("no request was answered");
  });

  it("judges wrk against its own ceiling on the echo server, and leaves unknowns unknown", () => {
    const wrk = closedLevel({ generator: "wrk", quarters_rps: null, dispatch_lag_p99_ms: null, generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null });
    expect(levelChecks(wrk, { ...context, ceilingsRps: { wrk: 4500 } }).ceiling_share).toBe(0.889);
    expect(judged(wrk, { ...context, ceilingsRps: { wrk: 4500 } })).toMatchObject({ generator_bound: true, verdict: { valid: false, reasons: ["wrk at 88.9% of its own ceiling on the echo server (generator-bound)"] } });
    expect(judged(wrk, { ...context, ceilingsRps: { wrk: 10_000 } })).toMatchObject({ generator_bound: false, verdict: { valid: true } });
    // No calibration: nothing known about wrk's headroom, so neither bound nor free.
    expect(judged(wrk, context).generator_bound).toBeNull();
  });

  it("judges Locust against its own ceiling, keeps its CPU warning, and does not lend it wrk's", () => {
    const locust = closedLevel({ generator: "locust", dispatch_lag_p99_ms: null, generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null });
    expect(judged(locust, { ...context, ceilingsRps: { locust: 4200 } })).toMatchObject({
      generator_bound: true,
      verdict: { valid: false, reasons: ["Locust at 95.2% of its own ceiling on the echo server (generator-bound)"], checks: { ceiling_share: 0.952 } },
    });
    expect(judged(locust, { ...context, ceilingsRps: { locust: 8000 } })).toMatchObject({ generator_bound: false, verdict: { valid: true, checks: { ceiling_share: 0.5 } } });
    // wrk's ceiling says nothing of Locust's headroom.
    expect(judged(locust, { ...context, ceilingsRps: { wrk: 4200 } })).toMatchObject({ generator_bound: null, verdict: { checks: { ceiling_share: null } } });
    // A worker that warned of its CPU stays bound, however far below its ceiling.
    expect(judged({ ...locust, generator_bound: true }, { ...context, ceilingsRps: { locust: 8000 } }).generator_bound).toBe(true);
  });

  it("marks crudbench's generator bound when it dispatched late, even with CPU to spare", () => {
    expect(judged(closedLevel({ dispatch_lag_p99_ms: 6 }), context).generator_bound).toBe(true);
    expect(judged(closedLevel(), context).generator_bound).toBe(false);
  });
});
