import { describe, expect, it } from "vitest";
import { MixPlanner } from "../../src/load/mix.js";
import { parseWrkOutput, wrkLevel } from "../../src/load/wrk.js";
import { seededRandom } from "../../src/stats/random.js";

describe("MixPlanner", () => {
  it("follows the CRUD mix's shares", () => {
    const planner = new MixPlanner("crud", [1, 2, 3], seededRandom(9));
    const counts = { read: 0, create: 0, update: 0, delete: 0 };
    for (let i = 0; i < 10_000; i++) {
      const planned = planner.next();
      counts[planned.kind]++;
      if (planned.kind === "create") planner.created(1000 + i);
    }
    expect(counts.read / 100).toBeCloseTo(70, -0.5);
    expect(counts.update / 100).toBeCloseTo(15, -0.5);
    expect(counts.delete / 100).toBeCloseTo(5, -0.5);
  });

  it("deletes only tasks the load created, each once, and never a seeded one", () => {
    const planner = new MixPlanner("write", [1, 2, 3], seededRandom(3));
    const deleted = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const planned = planner.next();
      if (planned.kind === "create") planner.created(100 + i);
      if (planned.kind === "delete") {
        expect(deleted.has(planned.spec.path)).toBe(false);
        deleted.add(planned.spec.path);
        expect(Number(planned.spec.path.split("/")[2])).toBeGreaterThanOrEqual(100);
      }
      if (planned.kind === "read" || planned.kind === "update") expect([1, 2, 3]).toContain(Number(planned.spec.path.split("/")[2]));
    }
    expect(deleted.size).toBeGreaterThan(100);
  });
});

describe("wrk output", () => {
  it("reads the script's JSON line, not wrk's text", () => {
    const stdout = "Running 2s test @ http://127.0.0.1:1\n  1 threads and 8 connections\nCRUDBENCH {\"requests\":10000,\"duration_us\":2000000,\"status\":5,\"timeout\":1,\"connect\":0,\"read\":0,\"write\":0,\"p50\":500,\"p90\":900,\"p99\":2500,\"p999\":4000,\"max\":9000}\n";
    const level = wrkLevel(parseWrkOutput(stdout), 8);
    expect(level).toMatchObject({ generator: "wrk", concurrency: 8, achieved_rps: 4997, errors: { "non-2xx": 5, timeout: 1 } });
    expect(level.latency).toMatchObject({ count: 9994, p50_ms: 0.5, p90_ms: 0.9, p99_ms: 2.5, p999_ms: 4, max_ms: 9 });
    expect(level.latency.spectrum.at(-1)).toEqual({ percentile: 100, ms: 9 });
    // Nothing watches wrk's CPU or timers: unknown, not 0% and "not bound".
    expect(level).toMatchObject({ generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null });
    expect(() => parseWrkOutput("no summary")).toThrow(/no summary/);
  });
});
