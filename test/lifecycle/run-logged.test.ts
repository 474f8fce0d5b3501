import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { processesReferencing } from "../support/leftovers.js";

/**
 * A prepare step (a cargo build) must not outlive a harness killed outright: the harness here
 * is a separate node process running the built runLogged, killed with SIGKILL mid-step.
 */
describe("runLogged", () => {
  it("runs a step that dies with the harness, even when the harness is SIGKILLed", { timeout: 20_000 }, async () => {
    const scratch = mkdtempSync(join(tmpdir(), "crudbench-run-logged-"));
    const marker = join(scratch, "step-marker");
    const runLogged = pathToFileURL(join(packageRoot, "dist", "lifecycle", "run-logged.js")).href;
    // The step's environment names the marker, so a leftover is found by it and by nothing else.
    const script = `import { runLogged } from ${JSON.stringify(runLogged)};
      console.log("started");
      await runLogged(["sleep", "300"], { cwd: ${JSON.stringify(scratch)}, env: { ...process.env, MARKER: ${JSON.stringify(marker)} }, logFile: ${JSON.stringify(join(scratch, "step.log"))}, timeoutMs: 300000 });`;
    const harness = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => harness.stdout.once("data", () => resolve()));
    // The harness's own command line names the marker too: count only the step.
    const steps = () => processesReferencing(marker).filter((line) => !line.startsWith(`${harness.pid}:`));
    await waitUntil(() => steps().length > 0, 5_000);
    expect(steps()).toHaveLength(1);
    harness.kill("SIGKILL");
    await waitUntil(() => steps().length === 0, 5_000);
    expect(steps()).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
