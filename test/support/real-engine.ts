import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRecordingOutput } from "../../src/console/output.js";
import { findOnPath } from "../../src/lifecycle/command.js";
import { DEFAULT_ENGINE_DIR, prepareEngine } from "../../src/timing/prepare-engine.js";

/** Why the real engine cannot be tested here, if it cannot: said in the test names, never a silent pass. */
export const realEngineSkipReason: string | undefined = !existsSync(join(DEFAULT_ENGINE_DIR, "Cargo.toml"))
  ? "engine/ is not in this checkout"
  : !findOnPath("cargo")
    ? "cargo is not on PATH"
    : undefined;

/** Builds the real engine (cached by content) and returns its binary; a failed build fails the tests that need it. */
export async function buildRealEngine(workDir: string): Promise<string> {
  const choice = await prepareEngine({ logFile: join(workDir, "build.log"), output: createRecordingOutput() });
  if (choice.engine !== "native") throw new Error(`the engine did not build: ${choice.reason}`);
  return choice.binary;
}
