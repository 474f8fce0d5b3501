import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import { DEFAULT_POOL_SIZE } from "../../src/database/open-provider.js";
import { sqliteProvider } from "../../src/database/sqlite.js";
import { findOnPath } from "../../src/lifecycle/command.js";
import { defaultTargetsDir } from "../../src/paths.js";
import { openSession } from "../../src/run/target-session.js";
import { discoverTargets } from "../../src/targets/discovery.js";
import { prepareTarget } from "../../src/targets/prepare.js";
import { failureReport, fuzzTarget, installSchemathesis, type Installed } from "../support/schemathesis.js";

/**
 * Contract fuzzing: Schemathesis generates requests from spec/openapi.yaml — boundary values,
 * schema-violating input, every undeclared method, and create → read/replace/delete chains
 * along the spec's links — and checks every answer against the spec. Each shipped target is
 * prepared and started by the harness's own code on a fresh SQLite file, on loopback.
 * Settings (seed, examples per operation, checks) are in test/support/schemathesis/.
 */
const FUZZ_TIMEOUT_MS = 240_000;
const workDir = mkdtempSync(join(tmpdir(), "crudbench-schemathesis-"));
const targets = discoverTargets(defaultTargetsDir).filter((target) => target.manifest.databases.includes("sqlite"));

/** The toolchain commands a target needs but this machine lacks: such a target is skipped, by name. */
function missingToolchain(requires: { command: string }[] | undefined): string | undefined {
  const missing = (requires ?? []).filter((requirement) => !findOnPath(requirement.command)).map((r) => r.command);
  return missing.length > 0 ? missing.join(", ") : undefined;
}

let installed: Installed = { ok: false, reason: "not installed yet" };

beforeAll(async () => {
  installed = await installSchemathesis(join(workDir, "install.log"));
}, 900_000);

describe("Schemathesis", () => {
  it("is installed from its pinned requirements into its own virtual environment", () => {
    expect(installed.ok ? "installed" : installed.reason).toBe("installed");
  });
});

describe("fuzzing each target", () => {
  for (const target of targets) {
    const name = target.manifest.name;
    const missing = missingToolchain(target.manifest.requires);
    const title = missing ? `${name} (skipped: \`${missing}\` is not on PATH)` : `${name} shows no contract violation`;
    // The summary only counts skips; this line says which target went unfuzzed, and why.
    if (missing) console.warn(`schemathesis: not fuzzing ${name}: \`${missing}\` is not on PATH`);

    it.skipIf(missing !== undefined)(title, { timeout: 900_000 }, async () => {
      if (!installed.ok) throw new Error(`Schemathesis is not installed: ${installed.reason}`);
      const dir = join(workDir, name);
      mkdirSync(dir);
      const prepared = await prepareTarget(target, join(dir, "prepare.log"), createRecordingOutput());
      if (!prepared.ok) throw new Error(`${name} could not be prepared: ${prepared.reason} (log: ${prepared.logFile})`);
      const session = await openSession(target, "schemathesis", { databases: sqliteProvider(dir), poolSize: DEFAULT_POOL_SIZE, logFile: join(dir, "target.log") });
      if (!session.ok) throw new Error(`${name} did not start: ${session.reason}`);
      try {
        const run = await fuzzTarget(installed.st, session.target.baseUrl, dir, FUZZ_TIMEOUT_MS);
        // `st replay <id>` works from `dir`, where Schemathesis keeps what it found.
        expect(run.passed, `Schemathesis found contract violations in ${name} (in ${dir}):\n\n${failureReport(run.output)}\n`).toBe(true);
        expect(session.target.hasExited(), `${name} exited while being fuzzed (log: ${session.target.logFile})`).toBe(false);
      } finally {
        await session.close();
      }
    });
  }
});
