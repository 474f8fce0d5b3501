import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/lifecycle/command.js";
import { packageRoot } from "../../src/paths.js";

/**
 * The native timing engine's own tests (engine/tests: framing, keep-alive, reconnects,
 * deadlines, the stdin/stdout protocol) run inside the README's test command, so a broken
 * engine fails CI like any other test. Without cargo they are reported skipped, with why.
 */
const cargo = findOnPath("cargo");

describe("crudbench-engine", () => {
  it.skipIf(!cargo)(`passes cargo test${cargo ? "" : " (skipped: cargo is not on PATH)"}`, { timeout: 900_000 }, () => {
    const run = spawnSync("cargo", ["test", "--locked", "--quiet"], { cwd: join(packageRoot, "engine"), encoding: "utf8", timeout: 900_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/test result: ok/);
  });
});
