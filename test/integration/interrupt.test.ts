import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Results } from "../../src/results/types.js";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { startCli } from "../support/cli.js";
import { processesReferencing } from "../support/leftovers.js";

describe("Ctrl-C in the middle of a run", () => {
  it("stops the target, writes what was finished, and exits 130", { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-interrupt-"));
    // Batches long enough that the run is still measuring when the signal arrives.
    const scratch = mkdtempSync(join(tmpdir(), "crudbench-interrupt-tmp-"));
    const cli = startCli(["run", "--targets", "fastify-raw", "-n", "100000", "--out", out], { TMPDIR: scratch });
    const cases = conformanceSuite.length;
    await cli.waitForStderr(`conformance: ${cases}/${cases} passed`);
    cli.child.kill("SIGINT");
    const run = await cli.done;

    expect(run.code).toBe(130);
    expect(run.stderr).toContain("SIGINT: stopping");
    // Stopping on the user's word is no target's fault: no error line, no log tail.
    expect(run.stderr).not.toMatch(/^error:/m);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(results.run.status).toBe("interrupted");
    const target = results.targets[0]!;
    // The signal lands before the first session, while its processes start, or during the
    // first requests: never measured, or measuring stopped early — never "measured".
    if (target.status === "partial") {
      expect(target.stopped_by).toBe("interrupted");
      expect(target.reason).toBe("the run was interrupted before this target's measurements were complete");
    } else {
      expect(target).toMatchObject({ status: "interrupted", reason: "the run was interrupted before this target was measured" });
    }
    expect("conformance" in target && target.conformance?.passed).toBe(cases);
    expect(processesReferencing(scratch)).toEqual([]);
  });
});

describe("SIGKILL of crudbench mid-run", () => {
  it("leaves results that say what they are (running, measuring) and no process behind", { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-kill-"));
    const scratch = mkdtempSync(join(tmpdir(), "crudbench-kill-tmp-"));
    const cli = startCli(["run", "--targets", "fastify-raw", "-S", "2", "-B", "3", "-n", "200", "-b", "20", "--idle-window", "200", "--out", out], { TMPDIR: scratch });
    // Session 2 begins only after session 1's results were written.
    await cli.waitForStderr("session 2/2: starting");
    cli.child.kill("SIGKILL");
    await cli.done;

    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(results.run.status).toBe("running");
    const target = results.targets[0]!;
    expect(target).toMatchObject({ status: "measuring", sessions_completed: 1 });
    expect("single" in target && target.single?.read.sessions_ms.length).toBe(1);
    // The target ran under a parent-death signal: the kernel stopped it with the harness.
    await waitUntil(() => processesReferencing(scratch).length === 0, 5_000);
    expect(processesReferencing(scratch)).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
