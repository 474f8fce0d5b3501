import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasLatency, problemOf } from "../../src/results/target-outcome.js";
import type { Results } from "../../src/results/types.js";
import { runCli } from "../support/cli.js";
import { targetsDirWithFixtures } from "../support/fixture-targets.js";
import { processesReferencing } from "../support/leftovers.js";

/**
 * Targets that break the contract, exit at start, never become ready, or lack their
 * toolchain, run beside a good target: each gets a clear reason, the run goes on, and no
 * process is left behind.
 */
describe("faulty targets in one run", () => {
  it("reports each fault, measures the good target, and leaves nothing running", { timeout: 300_000 }, async () => {
    const targetsDir = targetsDirWithFixtures(["broken-contract", "exits-at-start", "never-ready", "missing-toolchain"]);
    const out = mkdtempSync(join(tmpdir(), "crudbench-faulty-out-"));

    const scratch = mkdtempSync(join(tmpdir(), "crudbench-faulty-tmp-"));
    const run = await runCli(["run", "--targets-dir", targetsDir, "--out", out, "-S", "1", "-B", "1", "-n", "10", "-w", "4", "--bulk-size", "5", "--idle-window", "200"], { TMPDIR: scratch });

    expect(run.code).toBe(1);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    const byName = Object.fromEntries(results.targets.map((t) => [t.name, t]));

    const broken = byName["broken-contract"]!;
    if (broken.status !== "failed-conformance") throw new Error(`broken-contract: ${broken.status}`);
    const failed = broken.conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
    expect(failed).toContain("create-returns-task");
    expect(failed).toContain("unknown-route");
    expect(broken.conformance.cases.find((c) => c.id === "create-returns-task")!.reason).toContain("expected status 201, got 200");
    expect(broken).not.toHaveProperty("single");

    const reason = (name: string) => problemOf(byName[name]!);
    expect(byName["exits-at-start"]!.status).toBe("failed-start");
    expect(reason("exits-at-start")).toContain("exited before becoming ready (exit code 3)");
    expect(reason("exits-at-start")).toContain("fixture: cannot open the database");

    expect(byName["never-ready"]!.status).toBe("failed-start");
    expect(reason("never-ready")).toContain("not ready after 3.0 s");

    expect(byName["missing-toolchain"]!.status).toBe("failed-prepare");
    expect(reason("missing-toolchain")).toBe(
      "missing toolchain: `crudbench-imaginary-compiler` is not on PATH (install it with apt-get install imaginary-compiler)",
    );

    const good = byName["fastify-raw"]!;
    expect(good.status).toBe("measured");
    expect(hasLatency(good) && good.single.read.count).toBe(10);

    expect(run.stderr).toContain("[exits-at-start] failed-start");
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("### never-ready: failed-start");

    // never-ready ignores SIGTERM; it must have been killed all the same.
    expect(processesReferencing(scratch)).toEqual([]);
  });
});
