import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { targetsDirWithFixtures } from "../support/fixture-targets.js";

/**
 * The load stage creates tasks before its first level. Those requests must be bounded by
 * --request-timeout like every other one: a fixture whose first create of the load stage
 * takes 2 s must fail the stage with a timeout under --request-timeout 1000. (The HTTP
 * client's own default, 10 s, would wait for it and measure on.)
 */
describe("crudbench load --request-timeout", () => {
  it("bounds the seeding requests too", { timeout: 180_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-seed-timeout-"));
    const run = await runCli([
      "load", "-t", "slow-load-seeding", "--targets-dir", targetsDirWithFixtures(["slow-load-seeding"]), "--request-timeout", "1000",
      "--levels", "1", "--rates", "100", "--duration", "1s", "--warmup-time", "200ms", "--no-wrk", "--out", out,
    ]);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { targets: { name: string; status: string; reason?: string }[] };
    const target = results.targets.find((t) => t.name === "slow-load-seeding")!;
    // Conformance passed (the slow create happens only in the load stage's session).
    expect(target.reason, run.stderr).toMatch(/^load test failed: .*timeout/i);
    expect(run.code).toBe(1);
  });
});
