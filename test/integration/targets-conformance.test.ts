import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { defaultTargetsDir } from "../../src/paths.js";
import { discoverTargets } from "../../src/targets/discovery.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { runCli } from "../support/cli.js";

/**
 * Every shipped target, real and unmocked: prepared (install/build), started on a real
 * SQLite file, and held to the whole conformance suite over real HTTP on loopback.
 */
const targets = discoverTargets(defaultTargetsDir).map((t) => t.manifest.name);

describe.each(targets)("target %s", (name) => {
  it("passes every conformance case", { timeout: 900_000 }, async () => {
    const run = await runCli(["check", name, "--json"], {}, 900_000);
    const report = JSON.parse(run.stdout) as { targets: { name: string; status: string; reason: string | null; conformance: { passed: number; failed: number; cases: { id: string; outcome: string; reason?: string }[] } | null }[] };
    const target = report.targets[0]!;
    const failures = target.conformance?.cases.filter((c) => c.outcome === "failed").map((c) => `${c.id}: ${c.reason}`) ?? [];
    expect({ status: target.status, reason: target.reason, failures }).toEqual({ status: "passed", reason: null, failures: [] });
    expect(target.conformance?.passed).toBe(conformanceSuite.length);
    expect(run.code).toBe(0);
  });
});

describe("a short benchmark run of fastify-raw", () => {
  it("writes results.json with the documented fields and a report", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-run-"));
    const run = await runCli(["run", "--targets", "fastify-raw", "-S", "2", "-B", "3", "-n", "10", "-w", "40", "--bulk-size", "20", "--bulk-every", "1", "--idle-window", "300", "--out", out]);
    expect(run.stderr).toContain("[fastify-raw] measured: 2 session(s)");
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const target = results.targets[0];
    expect(target.name).toBe("fastify-raw");
    expect(target.status).toBe("measured");
    for (const op of ["create", "read", "update", "delete"]) {
      expect(target.single[op].count).toBe(2 * 3 * 10);
      expect(target.single[op].sessions_ms).toHaveLength(2);
      // Two sessions: the interval is [min, max] of the two session medians, and says it covers 50%.
      expect(target.single[op].median_interval).toMatchObject({ rank: 1, coverage: 0.5 });
      expect(target.single[op].median_interval.low_ms).toBeLessThanOrEqual(target.single[op].median_ms);
      expect(target.single[op].errors).toBe(0);
      expect(target.single[op].median_ms).toBeGreaterThan(0);
      expect(target.single[op].p99.median_ms).toBeGreaterThanOrEqual(target.single[op].median_ms);
      expect(target.bulk[op].p99).toBeNull();
      expect(target.bulk[op].count).toBe(6);
      expect(target.bulk[op].median_ms).toBeGreaterThan(0);
    }
    // A bulk create of 20 is 20 requests: it cannot be faster than one single create.
    expect(target.bulk.create.min_ms).toBeGreaterThan(target.single.create.min_ms);
    expect(target.memory.peak_rss_mb).toBeGreaterThanOrEqual(target.memory.idle_rss_mb);
    expect(target.memory.idle_rss_mb).toBeGreaterThan(5);
    expect(results.config).toMatchObject({ latency: { sessions: 2, blocks: 3, batch: 10, warmup: 40, bulk_size: 20, bulk_every: 1 }, load: null, database: "sqlite" });
    expect(target.sessions_completed).toBe(2);
    // Every block: 8 batches of the target and 2 of the control, each with the machine's pressure beside it.
    expect(results.batches).toHaveLength(2 * 3 * 10);
    expect(results.control).toMatchObject({ measured: true, sessions: 2, blocks: 6, missing: null });
    expect(resultsProblems(results)).toEqual([]);
    expect(results.run.status).toBe("complete");
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("| read | fastify-raw |");
    expect(report).toContain("![Single CRUD latency](charts/single_crud.png)");
    for (const chart of ["single_crud", "bulk_ops", "memory"]) {
      for (const format of ["svg", "png"]) expect(existsSync(join(out, "charts", `${chart}.${format}`)), `${chart}.${format}`).toBe(true);
    }
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain('data-chart="single_crud"');
    // `report` re-renders the same Markdown from the JSON alone.
    const rerender = await runCli(["report", join(out, "results.json"), "--out", join(out, "again")]);
    expect(rerender.code).toBe(0);
    expect(readFileSync(join(out, "again", "report.md"), "utf8")).toBe(report);
  });
});
