import { describe, expect, it } from "vitest";
import { CpuMeter } from "../../src/run/cpu-meter.js";

/** A clock and a CPU counter the test moves by hand. */
function fakeProcess() {
  const state = { cpuMicros: 0, nowMs: 0 };
  const cpuUsage = (previous?: NodeJS.CpuUsage): NodeJS.CpuUsage => {
    const user = state.cpuMicros - (previous ? previous.user + previous.system : 0);
    return { user, system: 0 };
  };
  return { state, meter: new CpuMeter(cpuUsage, () => state.nowMs) };
}

describe("CpuMeter", () => {
  it("counts only the metered stretches, not the idle time between them", () => {
    const { state, meter } = fakeProcess();
    meter.start();
    state.nowMs += 100;
    state.cpuMicros += 90_000; // 90 ms of CPU in 100 ms: 90%
    meter.stop();
    state.nowMs += 10_000; // a long idle window or a target's start: not metered
    state.cpuMicros += 500;
    meter.start();
    state.nowMs += 100;
    state.cpuMicros += 70_000;
    meter.stop();
    expect(meter.percent()).toBe(80);
  });

  it("is null when nothing was metered, and ignores a stop without a start", () => {
    const { meter } = fakeProcess();
    meter.stop();
    expect(meter.percent()).toBeNull();
  });

  it("keeps the first start when started twice", () => {
    const { state, meter } = fakeProcess();
    meter.start();
    state.nowMs += 50;
    state.cpuMicros += 50_000;
    meter.start();
    state.nowMs += 50;
    meter.stop();
    expect(meter.percent()).toBe(50);
  });
});
