import { describe, expect, it } from "vitest";
import { DispatchLag, LatencyRecorder, WindowThroughput } from "../../src/load/recorder.js";

describe("WindowThroughput", () => {
  it("counts each request by the share of its duration inside the window and each quarter", () => {
    const window = new WindowThroughput(1000, 2000);
    window.add(1100, 1200); // inside the first quarter
    window.add(1200, 1300); // half in the first quarter, half in the second
    window.add(900, 1100); // straddles the start: half counts
    window.add(1900, 2100); // straddles the end: half counts
    window.add(2100, 2200); // after the window: nothing
    window.add(1500, 1500); // no duration: counts where it happened
    expect(window.quartersRps()).toEqual([8, 2, 4, 2]);
    expect(window.rps()).toBe(4);
  });

  it("counts a request longer than the window by its share", () => {
    const window = new WindowThroughput(0, 100);
    window.add(-50, 150);
    expect(window.rps()).toBe(5);
    expect(window.quartersRps()).toEqual([5, 5, 5, 5]);
  });
});

describe("LatencyRecorder", () => {
  it("enters censored requests at the timeout and keeps the mean to the answered ones", () => {
    const recorder = new LatencyRecorder(1000);
    for (let i = 0; i < 98; i++) recorder.answered(10);
    recorder.censored();
    recorder.censored(5);
    const summary = recorder.summary();
    expect(summary.count).toBe(100);
    expect(summary.censored).toBe(2);
    expect(summary.mean_ms).toBe(10);
    expect(summary.p50_ms).toBeCloseTo(10, 1);
    expect(summary.p99_ms).toBeGreaterThanOrEqual(1000);
    expect(summary.p99_lower_bound).toBe(true);
  });

  it("enters a censored request at the time it had already taken when that is longer than the timeout", () => {
    const recorder = new LatencyRecorder(1000);
    recorder.censored(2500);
    expect(recorder.summary().max_ms).toBeGreaterThanOrEqual(2500);
    expect(recorder.summary().max_ms).toBeLessThan(2510);
    expect(recorder.summary().mean_ms).toBeNull();
  });

  it("calls p99 exact at 1% censored and a lower bound above it", () => {
    const recorder = new LatencyRecorder(1000);
    for (let i = 0; i < 99; i++) recorder.answered(10);
    recorder.censored();
    expect(recorder.summary().p99_lower_bound).toBe(false);
    recorder.censored();
    expect(recorder.summary().p99_lower_bound).toBe(true);
  });
});

describe("DispatchLag", () => {
  it("is null with nothing recorded and keeps microseconds, zero included", () => {
    const lag = new DispatchLag();
    expect(lag.p99Ms()).toBeNull();
    for (let i = 0; i < 99; i++) lag.record(0);
    lag.record(0.25);
    expect(lag.p99Ms()).toBe(0);
    lag.record(0.25);
    expect(lag.p99Ms()).toBe(0.25);
  });
});
