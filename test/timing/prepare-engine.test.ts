import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import { findOnPath } from "../../src/lifecycle/command.js";
import { prepareEngine } from "../../src/timing/prepare-engine.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crudbench-prepare-engine-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A crate that cannot build with --locked: it has no Cargo.lock. */
function writeCrateWithoutLock(engineDir: string): void {
  mkdirSync(join(engineDir, "src"), { recursive: true });
  writeFileSync(join(engineDir, "Cargo.toml"), '[package]\nname = "crudbench-engine"\nversion = "0.1.0"\nedition = "2021"\n');
  writeFileSync(join(engineDir, "src", "main.rs"), "fn main() {}\n");
}

describe("prepareEngine", () => {
  it("falls back to undici-dispatch, saying why, when cargo is not on PATH", async () => {
    const engineDir = join(dir, "engine");
    writeCrateWithoutLock(engineDir);
    const path = process.env.PATH;
    process.env.PATH = join(dir, "empty-bin");
    try {
      const choice = await prepareEngine({ engineDir, logFile: join(dir, "build.log"), output: createRecordingOutput() });
      expect(choice).toEqual({ engine: "undici-dispatch", reason: expect.stringContaining("missing toolchain: `cargo` is not on PATH (install Rust") });
    } finally {
      process.env.PATH = path;
    }
  });

  it("falls back, naming the engine's folder, when its sources are missing", async () => {
    const choice = await prepareEngine({ engineDir: join(dir, "nowhere"), logFile: join(dir, "build.log"), output: createRecordingOutput() });
    expect(choice).toEqual({ engine: "undici-dispatch", reason: `the native engine's sources are missing (${join(dir, "nowhere")}/Cargo.toml)` });
  });

  it.skipIf(!findOnPath("cargo"))("falls back, naming the build log, when the build fails", async () => {
    const engineDir = join(dir, "engine");
    writeCrateWithoutLock(engineDir);
    const logFile = join(dir, "build.log");
    const choice = await prepareEngine({ engineDir, logFile, output: createRecordingOutput() });
    expect(choice.engine).toBe("undici-dispatch");
    expect(choice.engine === "undici-dispatch" && choice.reason).toContain(`crudbench-engine did not build (log: ${logFile}): prepare step "cargo build --release" failed: exited with 101`);
  });
});
