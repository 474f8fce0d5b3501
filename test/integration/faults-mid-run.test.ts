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
 * Faults a long run meets, after conformance passed: a target that crashes, one that stops
 * answering, one that answers 500s, and one whose prepare step fails — beside a good
 * target. Each gets a clear status and reason, the run goes on, results are on disk and
 * valid, and no process is left behind.
 */
describe("faults during a run", () => {
  it("records each fault, keeps measuring the others, and leaves nothing running", { timeout: 300_000 }, async () => {
    const targetsDir = targetsDirWithFixtures(["crashes-mid-run", "hangs-mid-run", "errors-mid-run", "fails-prepare"]);
    const out = mkdtempSync(join(tmpdir(), "crudbench-faults-out-"));
    const scratch = mkdtempSync(join(tmpdir(), "crudbench-faults-tmp-"));

    // Enough requests that each faulty target is still working when its fault strikes.
    const run = await runCli(
      ["run", "--targets-dir", targetsDir, "--out", out, "-S", "1", "-B", "20", "-n", "200", "-w", "0", "-b", "10", "--idle-window", "200", "--request-timeout", "500"],
      { TMPDIR: scratch },
    );

    expect(run.code).toBe(1);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    expect(results.run.status).toBe("complete");
    const byName = Object.fromEntries(results.targets.map((t) => [t.name, t]));

    const reason = (name: string) => problemOf(byName[name]!);
    expect(byName["crashes-mid-run"]).toMatchObject({ status: "partial", stopped_by: "crashed", sessions_completed: 0 });
    expect(reason("crashes-mid-run")).toContain("exit code 7");

    expect(byName["hangs-mid-run"]).toMatchObject({ status: "partial", stopped_by: "failed-workload" });
    expect(reason("hangs-mid-run")).toContain("10 consecutive errors");
    expect(reason("hangs-mid-run")).toMatch(/timeout/i);

    expect(byName["errors-mid-run"]).toMatchObject({ status: "partial", stopped_by: "failed-workload" });
    expect(reason("errors-mid-run")).toContain("expected status");
    expect(reason("errors-mid-run")).toContain("got 500");

    expect(byName["fails-prepare"]).toMatchObject({ status: "failed-prepare" });
    expect(reason("fails-prepare")).toContain('prepare step "install dependencies" failed: exited with 4');
    expect(reason("fails-prepare")).toContain("fixture: the registry refused the download");

    const good = byName["fastify-raw"]!;
    expect(good).toMatchObject({ status: "measured", sessions_completed: 1, warnings: [] });
    expect(hasLatency(good) && good.single.read.count).toBe(20 * 200);

    for (const name of ["crashes-mid-run", "hangs-mid-run", "errors-mid-run", "fails-prepare"]) expect(run.stderr).toContain(`[${name}]`);
    expect(processesReferencing(scratch)).toEqual([]);
  });
});
