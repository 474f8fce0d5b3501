import { describe, expect, it } from "vitest";
import { parsePressure, parseStat, pressureBetween, readPressure, STEAL_SPIKE_SHARE, type PressureReading } from "../../src/lifecycle/machine-pressure.js";

const stat = (steal: number, idle: number) => `cpu  100 0 50 ${idle} 0 0 0 ${steal} 7 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n`;
const reading = (overrides: Partial<PressureReading>): PressureReading => ({ totalTicks: 1000, stealTicks: 10, pressureUs: 5_000, atUs: 1_000_000, ...overrides });

describe("machine pressure from /proc", () => {
  it("parses the aggregate cpu line: the total leaves out guest time (already in user)", () => {
    expect(parseStat(stat(9, 300))).toEqual({ totalTicks: 100 + 50 + 300 + 9, stealTicks: 9 });
    expect(parseStat("cpu0 1 2 3\n")).toBeNull();
    expect(parseStat(null)).toBeNull();
  });

  it("parses PSI's 'some' total, and null where the kernel has none", () => {
    expect(parsePressure("some avg10=0.10 avg60=3.82 avg300=14.40 total=2967465783\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")).toBe(2967465783);
    expect(parsePressure(null)).toBeNull();
  });

  it("gives steal and CPU pressure between two readings as shares", () => {
    const between = pressureBetween(reading({}), reading({ totalTicks: 1040, stealTicks: 12, pressureUs: 7_500, atUs: 1_010_000 }));
    expect(between).toEqual({ steal: 0.05, cpu_pressure: 0.25, steal_spike: false });
  });

  it("flags a spike at the threshold, and only with a stolen tick", () => {
    const spike = pressureBetween(reading({}), reading({ totalTicks: 1010, stealTicks: 10 + STEAL_SPIKE_SHARE * 10, atUs: 1_010_000 }));
    expect(spike).toMatchObject({ steal: STEAL_SPIKE_SHARE, steal_spike: true });
    expect(pressureBetween(reading({}), reading({ totalTicks: 1010, atUs: 1_010_000 }))).toMatchObject({ steal: 0, steal_spike: false });
  });

  it("says unknown (null), not 0, when no clock tick passed or a file is missing", () => {
    expect(pressureBetween(reading({}), reading({ atUs: 1_000_500 }))).toMatchObject({ steal: null, steal_spike: false });
    expect(pressureBetween(reading({ pressureUs: null, totalTicks: null }), reading({ pressureUs: null, totalTicks: null }))).toEqual({ steal: null, cpu_pressure: null, steal_spike: false });
  });

  it("reads this machine's files", () => {
    const here = readPressure();
    expect(here.atUs).toBeGreaterThan(0);
    expect(here.totalTicks).toBeGreaterThan(0);
  });
});
