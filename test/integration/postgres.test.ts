import { chmodSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { startManagedCluster, type ManagedCluster } from "../../src/database/postgres-cluster.js";
import { defaultTargetsDir } from "../../src/paths.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasLatency } from "../../src/results/target-outcome.js";
import { CRUD_OPERATIONS, type Results } from "../../src/results/types.js";
import { discoverTargets } from "../../src/targets/discovery.js";
import { runCli } from "../support/cli.js";
import { processesReferencing } from "../support/leftovers.js";

/**
 * Real PostgreSQL (Debian's package; .ci/run installs it): crudbench starts its own
 * throwaway cluster for each command, every target that declares postgres passes the whole
 * conformance suite on it, and statement counts come from pg_stat_statements.
 */
const postgresTargets = discoverTargets(defaultTargetsDir)
  .filter((t) => t.manifest.databases.includes("postgres"))
  .map((t) => t.manifest.name);

interface CheckReport {
  targets: { name: string; status: string; reason: string | null; conformance: { passed: number; cases: { id: string; outcome: string; reason?: string }[] } | null; statements_per_request: Record<string, number> | null }[];
}

describe.each(postgresTargets)("target %s on PostgreSQL", (name) => {
  it("passes every conformance case and reports statements per request", { timeout: 900_000 }, async () => {
    // World-traversable, so the cluster (run as the postgres user) lives inside it too.
    const scratch = mkdtempSync(join(tmpdir(), "crudbench-pgcheck-"));
    chmodSync(scratch, 0o755);
    const run = await runCli(["check", name, "--db", "postgres", "--json"], { TMPDIR: scratch, DATABASE_URL: "" }, 900_000);
    const target = (JSON.parse(run.stdout) as CheckReport).targets[0]!;
    const failures = target.conformance?.cases.filter((c) => c.outcome === "failed").map((c) => `${c.id}: ${c.reason}`) ?? [];
    expect({ status: target.status, reason: target.reason, failures }).toEqual({ status: "passed", reason: null, failures: [] });
    expect(target.conformance?.passed).toBe(conformanceSuite.length);
    const statements = target.statements_per_request!;
    for (const kind of ["create", "read", "update", "delete", "list"]) expect(statements[kind], kind).toBeGreaterThanOrEqual(1);
    expect(run.code).toBe(0);
    // The cluster crudbench started is gone with the command.
    expect(processesReferencing(scratch)).toEqual([]);
  });
});

describe("an external server from DATABASE_URL", () => {
  let cluster: ManagedCluster;
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startManagedCluster();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("CREATE DATABASE someone_elses");
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await cluster?.stop();
  });

  it("is used without touching other databases, and left as it was", { timeout: 300_000 }, async () => {
    const before = await admin.query<{ datname: string }>("SELECT datname FROM pg_database ORDER BY datname");
    const out = mkdtempSync(join(tmpdir(), "crudbench-pgrun-"));
    const run = await runCli(["run", "--db", "postgres", "-t", "fastify-raw", "-S", "1", "-B", "2", "-n", "10", "-w", "8", "-b", "10", "--idle-window", "200", "--out", out], { DATABASE_URL: cluster.url });
    expect(run.stderr).toContain("using the server of DATABASE_URL");
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    expect(results.config.database_server.managed).toBe(false);
    expect(results.config.database_server.version).toMatch(/^\d+/);
    expect(results.targets[0]!.status).toBe("measured");
    const target = results.targets[0]!;
    if (!hasLatency(target)) throw new Error("no latency measured");
    expect(target.statements_per_request?.read).toBeGreaterThanOrEqual(1);
    // Counted again while measured, from pg_stat_statements around every step: a raw-SQL
    // target runs what it ran while checked (a bulk read is one list request).
    expect(results.statement_counting).toEqual({ method: "pg_stat_statements", reason: null });
    const underMeasurement = Object.fromEntries(CRUD_OPERATIONS.flatMap((op) => [[`single.${op}`, target.single[op].statements?.per_request], [`bulk.${op}`, target.bulk[op].statements?.per_request]]));
    const conformance = target.statements_per_request!;
    expect(underMeasurement).toEqual(Object.fromEntries(CRUD_OPERATIONS.flatMap((op) => [[`single.${op}`, conformance[op]], [`bulk.${op}`, conformance[op === "read" ? "list" : op]]])));
    expect(target.cold_start?.ready.samples_ms).toHaveLength(1);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/^# crudbench report — PostgreSQL \d+[\d.]* \(external server; /);
    const after = await admin.query<{ datname: string }>("SELECT datname FROM pg_database ORDER BY datname");
    expect(after.rows).toEqual(before.rows);
  });
});
