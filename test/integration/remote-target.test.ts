import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { createRecordingOutput } from "../../src/console/output.js";
import { openDatabaseProvider } from "../../src/database/open-provider.js";
import type { DatabaseProvider } from "../../src/database/provider.js";
import { defaultTargetsDir } from "../../src/paths.js";
import { resultsProblems } from "../../src/results/read-results.js";
import type { Results } from "../../src/results/types.js";
import { openSession, type Session } from "../../src/run/target-session.js";
import { discoverTargets, selectTargets } from "../../src/targets/discovery.js";
import { prepareTarget } from "../../src/targets/prepare.js";
import { REMOTE_NOT_MEASURED } from "../../src/targets/remote.js";
import { runCli } from "../support/cli.js";

/**
 * The real fastify-raw, started by the test as if on another machine: the CLI gets only
 * `--url NAME=http://127.0.0.1:PORT` and must neither start nor stop it.
 */
describe("crudbench against a remote fastify-raw (--url)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "crudbench-remote-"));
  let databases: DatabaseProvider;
  let session: Extract<Session, { ok: true }>;

  beforeAll(async () => {
    const [target] = selectTargets(discoverTargets(defaultTargetsDir), ["fastify-raw"]);
    const logFile = join(scratch, "fastify-raw.log");
    const prepared = await prepareTarget(target!, logFile, createRecordingOutput());
    if (!prepared.ok) throw new Error(`fastify-raw did not prepare: ${prepared.reason}`);
    databases = await openDatabaseProvider("sqlite", scratch, "remote-test");
    const opened = await openSession(target!, "remote", { databases, poolSize: 4, logFile });
    if (!opened.ok) throw new Error(`fastify-raw did not start: ${opened.reason}`);
    session = opened;
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    await databases?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("check --url passes conformance, the database case skipped with its reason, and warns of test data", { timeout: 120_000 }, async () => {
    const run = await runCli(["check", "--url", `far=${session.target.baseUrl}`, "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { targets: { name: string; status: string; conformance: { failed: number; skipped?: number; cases: { id: string; outcome: string; reason?: string }[] } }[] };
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([["far", "passed"]]);
    expect(report.targets[0]!.conformance).toMatchObject({ failed: 0, skipped: 1 });
    expect(report.targets[0]!.conformance.cases.find((c) => c.id === "reads-the-database")).toMatchObject({ outcome: "skipped" });
    expect(run.stderr).toContain("its database receives test data");
  });

  it("run --url measures it without starting it: memory, CPU and cold start null with their reasons, a valid results.json", { timeout: 300_000 }, async () => {
    const out = join(scratch, "run");
    const run = await runCli(["run", "--url", `far=${session.target.baseUrl}`, "-S", "2", "-B", "2", "-n", "5", "-w", "10", "--bulk-size", "5", "--out", out]);
    expect(run.stderr).toContain("[far] measured: 2 session(s)");
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    expect(results.config.targets).toEqual(["far"]);
    const far = results.targets[0] as Extract<Results["targets"][number], { status: "measured" }>;
    expect(far).toMatchObject({ status: "measured", memory: null, cold_start: null, remote: { url: session.target.baseUrl, not_measured: { memory: REMOTE_NOT_MEASURED.memory, cpu: REMOTE_NOT_MEASURED.cpu, cold_start: REMOTE_NOT_MEASURED.cold_start } } });
    expect(far.single!.read.count).toBe(2 * 2 * 5);
    expect(far.single!.read.cpu).toBeNull();
    // fastify-raw sends Server-Timing, so where a read's time goes is measured from it.
    expect(far.single!.read.anatomy?.samples).toBe(2 * 2 * 5);
    expect(far.build_cost.lines).toBeNull();
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain(`remote: ${session.target.baseUrl}`);
    expect(report).toContain("Sessions of a remote target replicate the client side only");
    expect(report).toContain(`${conformanceSuite.length - 1}/${conformanceSuite.length} (1 skipped)`);
    // The server was never stopped by the run.
    expect(session.target.hasExited()).toBe(false);
  });
});
