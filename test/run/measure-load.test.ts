import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import { openDatabaseProvider } from "../../src/database/open-provider.js";
import { packageRoot } from "../../src/paths.js";
import { measureLoad } from "../../src/run/measure-load.js";
import { discoverTargets } from "../../src/targets/discovery.js";
import { fixtureResults } from "../support/results-fixture.js";

const work = mkdtempSync(join(tmpdir(), "crudbench-measure-load-"));
const databases = await openDatabaseProvider("sqlite", work, "measure-load-test");
const stalls = discoverTargets(join(packageRoot, "test", "fixtures", "targets")).find((t) => t.manifest.name === "stalls-creates")!;

describe("measureLoad", () => {
  afterAll(() => databases.close());

  // The client's own default is 10 s; the seeding must honour --request-timeout like every other request.
  it("gives up seeding after the configured request timeout", { timeout: 30_000 }, async () => {
    const config = { ...fixtureResults([]).config, request_timeout_ms: 400 };
    const started = Date.now();
    const outcome = await measureLoad(stalls, { config, databases, resultsDir: work, logFile: join(work, "stalls-creates.log"), output: createRecordingOutput() }, {
      mix: "crud",
      levels: [1],
      rates: [],
      durationMs: 200,
      warmupMs: 0,
      sloP99Ms: 50,
      openConnections: 1,
      seedTasks: 3,
      useWrk: false,
      workDir: work,
    });
    const elapsedMs = Date.now() - started;
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.reason).toMatch(/^load test failed: .*timeout/i);
    // Start-up and stop take well under a second here; the client's default would be 10 s.
    expect(elapsedMs).toBeLessThan(5_000);
  });
});
