import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import { CrudbenchError, ExitCode } from "../../src/errors.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasLatency } from "../../src/results/target-outcome.js";
import type { LatencyConfig, Results, TargetResult } from "../../src/results/types.js";
import { runBenchmark } from "../../src/run/pipeline.js";
import { chooseTargets, parseRemoteSpec, REMOTE_NOT_MEASURED, type TargetNaming } from "../../src/targets/remote.js";
import { FakeTaskApi } from "../support/fake-task-api.js";
import { fakeLauncher, fakeTargetsDir } from "../support/fake-launcher.js";

const latency: LatencyConfig = { sessions: 2, blocks: 2, batch: 5, rewarm: 1, turn: 2, warmup: 8, bulk_size: 5, bulk_every: 2, bulk_warmup: 0, order_seed: 3, memory_interval_ms: 20, idle_window_ms: 60 };

/** A loopback port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a remote target (--url) beside a local one", () => {
  // Started by the test, as if elsewhere: the harness gets only its URL.
  let remote: FakeTaskApi;
  beforeAll(async () => {
    remote = await FakeTaskApi.start();
  });
  afterAll(() => remote.close());

  it("is checked and measured without being started; what needs its process is null with a reason; an unreachable one fails to start alone", { timeout: 60_000 }, async () => {
    const fakes = fakeLauncher();
    const output = createRecordingOutput();
    const gone = `http://127.0.0.1:${await closedPort()}`;
    const outcome = await runBenchmark({
      database: "sqlite",
      latency,
      load: null,
      statistics: { bootstrap_resamples: 200, bootstrap_seed: 7, noise_threshold: 0.02 },
      requestTimeoutMs: 2_000,
      poolSize: 4,
      targetNames: ["alpha-raw", "far-away", "gone"],
      urls: [`far-away=${remote.baseUrl}`, `gone=${gone}`],
      targetsDir: fakeTargetsDir(["alpha-raw"]),
      resultsRoot: mkdtempSync(join(tmpdir(), "crudbench-remote-")),
      outDir: undefined,
      pin: false,
      output,
      launch: fakes.launch,
      timing: { engine: { engine: "undici-dispatch", reason: "remote target test" }, measureFloor: false },
    });
    // Only the local target was ever launched.
    expect(fakes.sessions).toEqual(["alpha-raw conformance", "alpha-raw session-1", "alpha-raw session-2"]);
    const results = JSON.parse(readFileSync(join(outcome.runDir, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    const byName = Object.fromEntries(results.targets.map((t) => [t.name, t])) as Record<string, TargetResult>;
    expect(results.config.targets).toEqual(["alpha-raw", "far-away", "gone"]);
    // A local target is there: the database it was given is recorded.
    expect(results.config).toMatchObject({ database: "sqlite", pool_size: 4 });
    expect(byName["alpha-raw"]).toMatchObject({ status: "measured" });
    expect(byName.gone).toMatchObject({ status: "failed-start", reason: expect.stringContaining(`remote target ${gone} did not answer GET /health`) });

    const far = byName["far-away"]!;
    expect(far).toMatchObject({ status: "measured", warnings: [], sessions_completed: 2, language: "unknown", server: { model: `remote: ${remote.baseUrl}` }, remote: { url: remote.baseUrl, not_measured: { memory: REMOTE_NOT_MEASURED.memory, cpu: REMOTE_NOT_MEASURED.cpu, cold_start: REMOTE_NOT_MEASURED.cold_start } } });
    if (!hasLatency(far)) throw new Error("far-away: no latency");
    expect(far.memory).toBeNull();
    expect(far.cold_start).toBeNull();
    expect(far.single.read.count).toBe(latency.sessions * latency.blocks * latency.batch);
    expect(far.single.read.cpu).toBeNull();
    expect(far.single.read.statements).toBeNull();
    // The fake sends Server-Timing: the anatomy is measured as for a local target.
    expect(far.single.read.anatomy?.samples).toBe(latency.sessions * latency.blocks * latency.batch);
    expect(far.build_cost).toEqual({ lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: REMOTE_NOT_MEASURED.build_cost, dependencies: REMOTE_NOT_MEASURED.build_cost, artefact: REMOTE_NOT_MEASURED.build_cost, prepare: REMOTE_NOT_MEASURED.build_cost } });
    // The case that writes behind the server's back is skipped with its reason, not passed.
    expect(far.conformance?.failed).toBe(0);
    expect(far.conformance?.skipped).toBe(1);
    expect(far.conformance?.cases.find((c) => c.id === "reads-the-database")).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("cannot reach") });
    expect(byName["alpha-raw"]).toMatchObject({ conformance: { failed: 0 } });
    expect("skipped" in (byName["alpha-raw"] as { conformance: object }).conformance).toBe(false);
    // Its data: a warning that conformance writes into its database.
    expect(output.lines.some((line) => line.includes("far-away") && line.includes("its database receives test data"))).toBe(true);
    // The unreachable one made the exit code 1; the others were measured.
    expect(outcome.exitCode).toBe(ExitCode.targetFailed);
  });
});

describe("the load stage on a remote target alone", () => {
  it("seeds and loads the server it did not start, launches nothing, and opens no database of its own", { timeout: 60_000 }, async () => {
    const remote = await FakeTaskApi.start();
    try {
      const fakes = fakeLauncher();
      const output = createRecordingOutput();
      const outcome = await runBenchmark({
        // Asked for, but no local target needs it: no cluster is started, none recorded.
        database: "postgres",
        latency: null,
        load: { mix: "crud", levels: [1], rates: [20], duration_ms: 300, warmup_ms: 100, slo_p99_ms: 50, open_connections: 2, seed_tasks: 20, use_wrk: false, engine: "crudbench", locust_workers: null },
        statistics: { bootstrap_resamples: 200, bootstrap_seed: 7, noise_threshold: 0.02 },
        requestTimeoutMs: 2_000,
        poolSize: 4,
        targetNames: undefined,
        urls: [`far-away=${remote.baseUrl}`],
        targetsDir: fakeTargetsDir(["alpha-raw"]),
        resultsRoot: mkdtempSync(join(tmpdir(), "crudbench-remote-load-")),
        outDir: undefined,
        pin: false,
        output,
        launch: fakes.launch,
        timing: { engine: { engine: "undici-dispatch", reason: "remote target test" }, measureFloor: false },
      });
      // No --targets with --url: only the remote target, and nothing launched.
      expect(fakes.sessions).toEqual([]);
      const results = JSON.parse(readFileSync(join(outcome.runDir, "results.json"), "utf8")) as Results;
      expect(resultsProblems(results)).toEqual([]);
      expect(results.targets.map((t) => [t.name, t.status])).toEqual([["far-away", "measured"]]);
      expect(results.config).toMatchObject({ database: null, pool_size: null, database_server: { version: null, managed: false } });
      expect(results.statement_counting).toEqual({ method: null, reason: expect.stringContaining("no local target") });
      expect(output.lines.some((line) => line.includes("no PostgreSQL is started"))).toBe(true);
      const far = results.targets[0] as Extract<TargetResult, { status: "measured" }>;
      expect(far.load?.closed).toHaveLength(1);
      expect(far.load?.closed[0]!.achieved_rps).toBeGreaterThan(0);
      expect(far.memory).toBeNull();
      expect(outcome.exitCode).toBe(ExitCode.ok);
    } finally {
      await remote.close();
    }
  });
});

describe("parseRemoteSpec", () => {
  it("accepts NAME=http://host:port", () => {
    expect(parseRemoteSpec("mine=http://10.0.0.5:8080")).toEqual({ name: "mine", url: "http://10.0.0.5:8080" });
    expect(parseRemoteSpec("a-b=http://example.org:80/")).toEqual({ name: "a-b", url: "http://example.org:80" });
    expect(parseRemoteSpec("v6=http://[::1]:3000")).toEqual({ name: "v6", url: "http://[::1]:3000" });
  });

  it.each([
    ["http://127.0.0.1:3000", "no NAME="],
    ["Bad_Name=http://127.0.0.1:3000", "not a valid target name"],
    ["x=127.0.0.1:3000", "must start with http://"],
    ["x=http://exa mple:80", "is not a URL"],
    ["x=https://127.0.0.1:3000", "https is not supported"],
    ["x=http://127.0.0.1", "needs a host and an explicit port"],
    ["x=http://127.0.0.1:3000/api", "no path"],
  ])("rejects %s (%s)", (value, problem) => {
    expect(() => parseRemoteSpec(value)).toThrow(CrudbenchError);
    expect(() => parseRemoteSpec(value)).toThrow(problem);
  });
});

/** The usage error `action` throws; the test fails if it throws none or another kind. */
function usageErrorOf(action: () => unknown): CrudbenchError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CrudbenchError);
    expect((error as CrudbenchError).exitCode).toBe(ExitCode.usage);
    return error as CrudbenchError;
  }
  throw new Error("expected a usage error, but nothing was thrown");
}

describe("chooseTargets", () => {
  const targetsDir = fakeTargetsDir(["alpha-raw", "beta-orm"]);
  const mine = "mine=http://127.0.0.1:9000";
  const other = "other=http://127.0.0.1:9001";
  /** The chosen targets' names, a remote one's followed by its URL. */
  const chosen = (names: string[] | undefined, urls: string[] | undefined, naming?: TargetNaming) =>
    chooseTargets(targetsDir, names, urls, naming).map((target) => (target.remote ? `${target.manifest.name} ${target.remote.url}` : target.manifest.name));

  it("without names: every local target, or only the --url ones when any is given", () => {
    expect(chosen(undefined, undefined)).toEqual(["alpha-raw", "beta-orm"]);
    expect(chosen([], [mine, other])).toEqual(["mine http://127.0.0.1:9000", "other http://127.0.0.1:9001"]);
  });

  it("runs local and --url targets named together, in the order named", () => {
    expect(chosen(["mine", "beta-orm"], [mine])).toEqual(["mine http://127.0.0.1:9000", "beta-orm"]);
    expect(chosen(["beta-orm", "other", "alpha-raw", "mine"], [mine, other], "arguments")).toEqual(["beta-orm", "other http://127.0.0.1:9001", "alpha-raw", "mine http://127.0.0.1:9000"]);
  });

  it("refuses a --url left out of -t, saying to add it there or drop the --url", () => {
    const one = usageErrorOf(() => chosen(["alpha-raw", "other"], [mine, other]));
    expect(one.message).toBe("--url mine=…: not named in -t (-t alpha-raw,other)");
    expect(one.hint).toBe("add it to -t (-t alpha-raw,other,mine), or drop the --url");
    const both = usageErrorOf(() => chosen(["alpha-raw"], [mine, other]));
    expect(both.message).toBe("--url mine=…, --url other=…: not named in -t (-t alpha-raw)");
    expect(both.hint).toBe("add them to -t (-t alpha-raw,mine,other), or drop the --url options");
  });

  it("refuses a --url left out of check's target arguments, in check's words", () => {
    const error = usageErrorOf(() => chosen(["alpha-raw"], [mine], "arguments"));
    expect(error.message).toBe("--url mine=…: not among the targets named (alpha-raw)");
    expect(error.hint).toBe("name it among the targets (crudbench check alpha-raw mine), or drop the --url");
  });

  it("keeps a name that is neither local nor a --url an unknown target, its hint listing the --url names too", () => {
    const error = usageErrorOf(() => chosen(["alpha-raw", "mien"], [mine]));
    expect(error.message).toBe("unknown target: mien");
    expect(error.hint).toContain("available: alpha-raw, beta-orm, mine (--url)");
    expect(error.hint).toContain("--url NAME=http://host:port");
  });

  it("refuses a --url named like a local target, whether or not that target is named", () => {
    for (const names of [["alpha-raw"], ["beta-orm"], undefined]) {
      expect(usageErrorOf(() => chosen(names, ["alpha-raw=http://127.0.0.1:9000"])).message).toBe('--url alpha-raw=…: "alpha-raw" is already a local target\'s name');
    }
  });
});
