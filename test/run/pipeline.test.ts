import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClaimsFile } from "../../src/claims/claim-spec.js";
import { createRecordingOutput } from "../../src/console/output.js";
import { ExitCode } from "../../src/errors.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasLatency } from "../../src/results/target-outcome.js";
import type { LatencyConfig, Results, TargetResult } from "../../src/results/types.js";
import { runBenchmark, type RunRequest } from "../../src/run/pipeline.js";
import { batchLayout } from "../../src/workloads/batch-layout.js";
import type { FakeTaskApi } from "../support/fake-task-api.js";
import { fakeLauncher, fakeTargetsDir } from "../support/fake-launcher.js";

// Warm-up 8 = one cycle of 2 creates, reads, updates and deletes; per block, per single operation,
// 5 timed requests in turns of 1 untimed + 2 timed (8 requests).
const latency: LatencyConfig = { sessions: 2, blocks: 2, batch: 5, rewarm: 1, turn: 2, warmup: 8, bulk_size: 5, bulk_every: 2, bulk_warmup: 0, order_seed: 3, memory_interval_ms: 20, idle_window_ms: 60 };
const timedPerSession = latency.blocks * latency.batch;

function request(names: string[], launch: RunRequest["launch"], overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    database: "sqlite",
    latency,
    load: null,
    statistics: { bootstrap_resamples: 200, bootstrap_seed: 7, noise_threshold: 0.02 },
    requestTimeoutMs: 2_000,
    poolSize: 4,
    targetNames: undefined,
    targetsDir: fakeTargetsDir(names),
    resultsRoot: mkdtempSync(join(tmpdir(), "crudbench-pipeline-")),
    outDir: undefined,
    pin: false,
    output: createRecordingOutput(),
    launch,
    // Run logic only: the in-process engine, no floor (integration tests cover both for real).
    timing: { engine: { engine: "undici-dispatch", reason: "pipeline logic test" }, measureFloor: false },
    ...overrides,
  };
}

const byName = (results: Results) => Object.fromEntries(results.targets.map((t) => [t.name, t])) as Record<string, TargetResult>;
const onDisk = (runDir: string) => JSON.parse(readFileSync(join(runDir, "results.json"), "utf8")) as Results;

describe("runBenchmark against in-process fake targets", () => {
  it("qualifies, then measures every target side by side in sessions of interleaved blocks, and writes valid results and reports", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher();
    const outcome = await runBenchmark(request(["alpha-raw", "beta-orm"], fakes.launch));
    expect(fakes.sessions).toEqual(["alpha-raw conformance", "beta-orm conformance", "alpha-raw session-1", "beta-orm session-1", "alpha-raw session-2", "beta-orm session-2"]);
    expect(outcome.exitCode).toBe(ExitCode.ok);
    const results = onDisk(outcome.runDir);
    expect(resultsProblems(results)).toEqual([]);
    expect(results.run.status).toBe("complete");
    expect(results.config).toMatchObject({ latency, load: null });
    expect(results.run.timing).toEqual({ engine: "undici-dispatch", fallback_reason: "pipeline logic test" });
    expect(results.floor).toBeNull();
    for (const target of results.targets) {
      expect(target).toMatchObject({ status: "measured", sessions_completed: 2, warnings: [], load: null });
      if (!hasLatency(target)) throw new Error(`${target.name}: no latency`);
      expect(target.single.read.count).toBe(latency.sessions * timedPerSession);
      expect(target.single.read.sessions_ms).toHaveLength(2);
      // The fakes answer with Server-Timing, and their process (this one) has a CPU time to read.
      expect(target.single.read.anatomy).toMatchObject({ samples: latency.sessions * timedPerSession, missing: 0 });
      expect(target.single.read.cpu?.requests).toBe(latency.sessions * latency.blocks * batchLayout(latency).length);
      // Bulk runs in blocks 1, 3, …: here block 1 of each session.
      expect(target.bulk.create.count).toBe(latency.sessions * Math.ceil(latency.blocks / latency.bulk_every));
      expect(target.memory?.idle_rss_mb_sessions).toHaveLength(2);
      // Each session start is timed: to ready, then to the first write, which comes later.
      expect(target.cold_start?.ready.samples_ms).toHaveLength(2);
      target.cold_start?.first_post.samples_ms.forEach((ms, start) => expect(ms).toBeGreaterThan(target.cold_start!.ready.samples_ms[start]!));
      // SQLite counts statements only while checking (the results say why).
      expect(target.single.read.statements).toBeNull();
    }
    expect(results.statement_counting).toMatchObject({ method: null, reason: expect.stringContaining("SQLite") });
    // A session's fake first got the cold start's write, deleted again before any other request.
    for (const fake of fakes.fakes.slice(2)) expect(fake.requests.slice(0, 2).map((r) => r.method)).toEqual(["POST", "DELETE"]);
    // Every block: one batch per single metric per target and the control's two read batches; bulk batches in every other block.
    expect(results.batches).toHaveLength(latency.sessions * (latency.blocks * (2 * 4 + 2) + 2 * 4));
    for (const batch of results.batches.filter((b) => b.target !== "echo-a" && b.target !== "echo-b")) expect(batch.n).toBe(batch.metric.startsWith("single") ? latency.batch : 1);
    // A step's batches go out in turns of (re-warm + turn) requests per target, the turn order
    // rotating: with two targets and turns of 3, 3 and 2 requests, X3 Y3 | Y3 X3 | X2 Y2. Seen
    // in the last block of session 1 (no bulk updates there), on the two fakes' PUTs.
    const layoutLength = batchLayout(latency).length;
    const lastUpdates = fakes.fakes.slice(2, 4).flatMap((fake, who) => fake.requests.filter((r) => r.method === "PUT").slice(-layoutLength).map((r) => ({ who, arrival: r.arrival })));
    const arrivalOrder = lastUpdates.sort((a, b) => a.arrival - b.arrival).map((r) => r.who).join("");
    expect(arrivalOrder.match(/0+|1+/g)?.map((run) => run.length)).toEqual([3, 6, 5, 2]);
    expect(results.control).toMatchObject({ candidate: "echo-a", baseline: "echo-b", sessions: 2, blocks: 4, missing: null });
    expect(results.database_memory).toBeNull();
    expect(results.run.latency_s).toBeGreaterThan(0);
    // One paired comparison per metric (4 single + 4 bulk) for the one pair, over both sessions.
    expect(results.comparisons).toHaveLength(8);
    for (const comparison of results.comparisons) expect(comparison).toMatchObject({ sessions: 2, blocks: comparison.metric.startsWith("single") ? 4 : 2 });
    // What each level cost and where the variance was, from the batches.
    expect(results.sizing?.block_s).toBeGreaterThan(0);
    expect(results.sizing?.session_overhead_s).toBeGreaterThan(0);
    expect(results.sizing?.control?.sessions).toBe(2);
    expect(results.run.harness_cpu_percent).not.toBeNull();
    for (const file of ["report.md", "report.html"]) expect(existsSync(join(outcome.runDir, file))).toBe(true);
    expect(existsSync(join(outcome.runDir, "..", "latest"))).toBe(true);
    // Every fake the harness started was closed again.
    expect(fakes.fakes).toHaveLength(6);
  });

  it("evaluates --claims into results.json with every write, and exits 1 when one is refuted although every target is clean", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher();
    const claims: ClaimsFile = {
      file: "claims.yaml",
      source: "a test",
      claims: [
        // Both fakes live in this process: their memory differs by far less than 100 GB.
        { id: "huge", text: "alpha uses 100 GB more memory", metrics: ["peak_memory"], operations: ["create", "read", "update", "delete"], subject: "alpha-raw", versus: { kind: "targets", names: ["beta-raw"] }, relations: [{ kind: "memory_difference_mb", value: 100_000, tolerance: 1 }] },
        { id: "absent", text: "alpha beats gin", metrics: ["single"], operations: ["read"], subject: "alpha-raw", versus: { kind: "targets", names: ["gin-raw"] }, relations: [{ kind: "at_least_faster", factor: 1 }] },
      ],
    };
    const output = createRecordingOutput();
    const outcome = await runBenchmark(request(["alpha-raw", "beta-raw"], fakes.launch, { claims, output }));
    expect(outcome.results.targets.every((t) => t.status === "measured" && t.warnings.length === 0)).toBe(true);
    expect(outcome.exitCode).toBe(ExitCode.targetFailed);
    const results = onDisk(outcome.runDir);
    expect(resultsProblems(results)).toEqual([]);
    expect(results.claims).toMatchObject({ file: "claims.yaml", counts: { refuted: 1, "not-measured": 1 } });
    expect(results.claims!.verdicts[0]!.parts[0]).toMatchObject({ metric: "peak_rss", outcome: "refuted", unit: "MB" });
    expect(output.lines).toContain("Claims (claims.yaml; source: a test): 1 refuted, 1 not measured.");
    expect(output.lines).toContain('warning: claim absent names gin-raw, which this run does not measure: it will be "not measured"');
  });

  it("keeps a cut-off session's finished batches when a target crashes in bulk, and measures the others", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher((name, purpose, fake: FakeTaskApi) => {
      // In session 2, crash at the 3rd bulk update of block 1 (after 2 warm-up and 1 + 5 single updates).
      if (name === "alpha-raw" && purpose === "session-2") fake.inject({ kind: "crash", method: "PUT", skip: 2 + 6 + 2 });
    });
    const outcome = await runBenchmark(request(["alpha-raw", "beta-raw"], fakes.launch));
    expect(outcome.exitCode).toBe(ExitCode.targetFailed);
    const targets = byName(onDisk(outcome.runDir));
    const crashed = targets["alpha-raw"]!;
    expect(crashed).toMatchObject({ status: "partial", stopped_by: "crashed", sessions_completed: 1 });
    if (!hasLatency(crashed)) throw new Error("the crashed target lost its latency");
    expect(crashed.single.read.sessions_ms).toHaveLength(2);
    expect(crashed.single.read.count).toBe(timedPerSession + latency.batch);
    expect(crashed.bulk.read.sessions_ms).toHaveLength(2);
    expect(crashed.bulk.read.count).toBe(2);
    expect(crashed.bulk.update.sessions_ms).toHaveLength(1);
    expect(targets["beta-raw"]).toMatchObject({ status: "measured", sessions_completed: 2 });
    const report = readFileSync(join(outcome.runDir, "report.md"), "utf8");
    expect(report).toContain("alpha-raw");
    expect(report).not.toContain("No target was measured");
  });

  it("counts failed validations as errors and a warning, never as samples", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher((_name, purpose, fake) => {
      // After the 2 warm-up reads and block 1's first re-warm read, 3 reads fail: the turn's 2
      // timed ones and the next turn's re-warm (layout u t t | u t t | u t).
      if (purpose === "session-1") fake.inject({ kind: "answer", status: 500, method: "GET", path: /^\/tasks\/\d+$/, skip: 3, times: 3 });
    });
    const outcome = await runBenchmark(request(["alpha-raw"], fakes.launch));
    expect(outcome.exitCode).toBe(ExitCode.targetFailed);
    const target = onDisk(outcome.runDir).targets[0]!;
    expect(target).toMatchObject({ status: "measured", warnings: ["3 request(s) failed validation during the benchmark"] });
    if (!hasLatency(target)) throw new Error("no latency");
    expect(target.single.read).toMatchObject({ errors: 3, count: latency.sessions * timedPerSession - 2 });
    expect(onDisk(outcome.runDir).batches.find((b) => b.target === "alpha-raw" && b.metric === "single.read")).toMatchObject({ session: 1, block: 1, n: 3, errors: 3 });
  });

  it("never times a target that fails conformance", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher((name, purpose, fake) => {
      if (name === "broken-raw" && purpose === "conformance") fake.inject({ kind: "answer", status: 200, method: "DELETE" });
    });
    const outcome = await runBenchmark(request(["broken-raw", "good-raw"], fakes.launch));
    expect(outcome.exitCode).toBe(ExitCode.targetFailed);
    const targets = byName(onDisk(outcome.runDir));
    expect(targets["broken-raw"]).toMatchObject({ status: "failed-conformance" });
    expect(targets["broken-raw"]).not.toHaveProperty("single");
    expect(fakes.sessions.filter((session) => session.startsWith("broken-raw"))).toEqual(["broken-raw conformance"]);
    expect(targets["good-raw"]).toMatchObject({ status: "measured" });
  });

  it("on interrupt as a session starts, keeps what was measured as partial for every target, and exits 130", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const fakes = fakeLauncher((name, purpose) => {
      // Stop as the second session starts: both have one session, and nothing more is timed.
      if (name === "alpha-raw" && purpose === "session-2") controller.abort();
    });
    const outcome = await runBenchmark(request(["alpha-raw", "beta-raw"], fakes.launch, { signal: controller.signal }));
    expect(outcome.exitCode).toBe(ExitCode.interrupted);
    const results = onDisk(outcome.runDir);
    expect(results.run.status).toBe("interrupted");
    const targets = byName(results);
    expect(targets["alpha-raw"]).toMatchObject({ status: "partial", stopped_by: "interrupted", sessions_completed: 1 });
    expect(targets["beta-raw"]).toMatchObject({
      status: "partial",
      stopped_by: "interrupted",
      reason: "the run was interrupted before this target's measurements were complete",
      sessions_completed: 1,
    });
    expect(results.batches.every((batch) => batch.session === 1)).toBe(true);
  });

  it("on interrupt while the first session's targets start, calls them interrupted (never measured), not partial", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const fakes = fakeLauncher();
    // As a real start does when the signal arrives: the launch gives up, and says why.
    const launch: RunRequest["launch"] = async (target, purpose, options) => {
      if (purpose !== "session-1") return fakes.launch(target, purpose, options);
      controller.abort();
      return { ok: false, reason: "interrupted while starting" };
    };
    const outcome = await runBenchmark(request(["alpha-raw", "beta-raw"], launch, { signal: controller.signal }));
    expect(outcome.exitCode).toBe(ExitCode.interrupted);
    for (const target of onDisk(outcome.runDir).targets) {
      expect(target).toMatchObject({ status: "interrupted", reason: "the run was interrupted before this target was measured", conformance: { failed: 0 } });
    }
  });

  it("on interrupt before the sessions, marks qualified targets interrupted with their conformance kept", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const fakes = fakeLauncher((name, purpose) => {
      if (name === "beta-raw" && purpose === "conformance") controller.abort();
    });
    const outcome = await runBenchmark(request(["alpha-raw", "beta-raw"], fakes.launch, { signal: controller.signal }));
    expect(outcome.exitCode).toBe(ExitCode.interrupted);
    const targets = byName(onDisk(outcome.runDir));
    expect(targets["alpha-raw"]).toMatchObject({ status: "interrupted", reason: "the run was interrupted before this target was measured", conformance: { failed: 0 } });
    expect(targets["beta-raw"]).toMatchObject({ status: "interrupted", reason: "interrupted before conformance", conformance: null });
    expect(fakes.sessions).toEqual(["alpha-raw conformance", "beta-raw conformance"]);
  });
});
