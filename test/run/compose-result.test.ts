import { describe, expect, it } from "vitest";
import type { LatencyConfig, LoadResults } from "../../src/results/types.js";
import { composeResult, isComplete, neverMeasured, type MeasuringEntry } from "../../src/run/compose-result.js";
import type { QualifiedTarget } from "../../src/run/measure-target.js";
import { emptySessions } from "../../src/run/aggregate-sessions.js";
import type { OperationsSamples } from "../../src/workloads/operation-recorder.js";

const latency: LatencyConfig = { sessions: 2, blocks: 1, batch: 3, rewarm: 0, turn: 2, warmup: 0, bulk_size: 5, bulk_every: 1, bulk_warmup: 0, order_seed: 1, memory_interval_ms: 100, idle_window_ms: 100 };
const statistics = { bootstrap_resamples: 100, bootstrap_seed: 1, noise_threshold: 0.02 };
const config = { ...statistics, latency, load: null };

const qualified: QualifiedTarget = {
  name: "demo-raw",
  display_name: "Demo",
  language: "TypeScript",
  framework: { name: "Demo", version: "1" },
  data_access: { style: "raw", library: "x", version: "1" },
  server: { processes: 1, threads_per_process: null, model: "event loop", notes: null },
  status: "qualified",
  conformance: { passed: 1, failed: 0, cases: [{ id: "a", description: "a", outcome: "passed" }] },
  statements_per_request: null,
  build_cost: { lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: "not counted in this test", dependencies: "not counted in this test", artefact: "not counted in this test", prepare: "not counted in this test" } },
  warnings: ["statements per request not counted: boom"],
  log_file: "logs/demo-raw.log",
  duration_s: 1.5,
};

const samples = (errors = 0): OperationsSamples => {
  const operation = { timesMs: [1, 2, 3], serverTiming: { dbMs: [0.1, 0.2, 0.3], appMs: [0.5, 1, 1.5], observedMs: [1, 2, 3] }, errors, examples: errors > 0 ? ["expected status 200, got 500"] : [], freshConnections: 0 };
  return { create: operation, read: operation, update: operation, delete: operation };
};

function entry(overrides: Partial<MeasuringEntry> = {}): MeasuringEntry {
  return { target: { dir: "/nowhere", manifest: {} as never }, index: 0, qualified, result: qualified, sessions: emptySessions(), load: null, stopped: undefined, measuringSeconds: 0, started: true, ...overrides };
}

describe("composeResult", () => {
  it("is 'measuring' while sessions remain, with what the finished sessions measured", () => {
    const rounds = { ...emptySessions(), single: [samples()], bulk: [samples()], completed: 1 };
    const result = composeResult(entry({ sessions: rounds, measuringSeconds: 2.04 }), latency, config);
    expect(result).toMatchObject({ status: "measuring", sessions_completed: 1, memory: null, load: null, duration_s: 3.5 });
    expect(result.status === "measuring" && result.single?.read.count).toBe(3);
    expect(result.status === "measuring" && result.bulk?.size).toBe(5);
  });

  it("is 'measured' once every session asked for is done, and warns about failed requests", () => {
    const rounds = { ...emptySessions(), single: [samples(), samples(2)], bulk: [samples(), samples()], completed: 2 };
    const result = composeResult(entry({ sessions: rounds }), latency, config);
    expect(result.status).toBe("measured");
    expect(result.warnings).toEqual(["statements per request not counted: boom", "8 request(s) failed validation during the benchmark"]);
  });

  it("is 'partial' with the cause and reason when a stage stopped it, keeping a cut-off session's finished batches", () => {
    // Session 1 complete; session 2 finished single and crashed in bulk.
    const rounds = { ...emptySessions(), single: [samples(), samples()], bulk: [samples()], completed: 1 };
    const result = composeResult(entry({ sessions: rounds, stopped: { cause: "crashed", reason: "target exited during session 2" } }), latency, config);
    expect(result).toMatchObject({ status: "partial", stopped_by: "crashed", reason: "target exited during session 2", sessions_completed: 1 });
    expect(result.status === "partial" && result.single?.read.sessions_ms.length).toBe(2);
    expect(result.status === "partial" && result.bulk?.read.sessions_ms.length).toBe(1);
  });

  it("records no latency at all for a load-only run", () => {
    const load = { mix: "crud", slo_p99_ms: 50, closed: [], open: [], sustainable_rps: null } satisfies LoadResults;
    const loadOnly = { ...statistics, latency: null, load: { mix: "crud" as const, levels: [1], rates: [1], duration_ms: 1, warmup_ms: 1, slo_p99_ms: 50, open_connections: 1, seed_tasks: 1, use_wrk: false, engine: "crudbench" as const, locust_workers: null } };
    expect(composeResult(entry({ load: null }), null, loadOnly).status).toBe("measuring");
    const result = composeResult(entry({ load }), null, loadOnly);
    expect(result).toMatchObject({ status: "measured", sessions_completed: 0, single: null, bulk: null, memory: null, load });
  });
});

describe("isComplete", () => {
  it("needs every session and, when asked for, the load results", () => {
    const done = { ...emptySessions(), completed: 2 };
    expect(isComplete(entry({ sessions: done }), config)).toBe(true);
    expect(isComplete(entry({ sessions: { ...done, completed: 1 } }), config)).toBe(false);
    const withLoad = { latency, load: { mix: "crud" as const, levels: [1], rates: [1], duration_ms: 1, warmup_ms: 1, slo_p99_ms: 50, open_connections: 1, seed_tasks: 1, use_wrk: false, engine: "crudbench" as const, locust_workers: null } };
    expect(isComplete(entry({ sessions: done }), withLoad)).toBe(false);
  });
});

describe("neverMeasured", () => {
  it("keeps the conformance result and drops what only a measured target carries", () => {
    const result = neverMeasured(entry(), "the run was interrupted before this target was measured");
    expect(result).toMatchObject({ status: "interrupted", reason: "the run was interrupted before this target was measured", conformance: qualified.conformance });
    expect(result).not.toHaveProperty("statements_per_request");
  });
});
