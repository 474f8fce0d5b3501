import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import { packageRoot } from "../paths.js";
import { prepareTarget, type Preparable } from "../targets/prepare.js";
import { DispatchTimingClient } from "./dispatch-client.js";
import { NativeTimingClient } from "./native-engine.js";
import type { TimingClient } from "./timing-client.js";

/** Which engine times the requests: the native one when it builds, else the in-process one and why. */
export type EngineChoice = { engine: "native"; binary: string } | { engine: "undici-dispatch"; reason: string };

export const DEFAULT_ENGINE_DIR = join(packageRoot, "engine");
const BINARY = "target/release/crudbench-engine";

/**
 * The engine as a target's prepare step sees it: a cargo toolchain and one release build,
 * skipped while engine/src, Cargo.toml and Cargo.lock are unchanged (the same stamp files
 * and log handling as every target).
 */
function engineAsPreparable(dir: string): Preparable {
  return {
    dir,
    manifest: {
      name: "crudbench-engine",
      requires: [{ command: "cargo", hint: "install Rust 1.89 or newer with rustup (https://rustup.rs) for the native timing engine" }],
      prepare: [
        {
          name: "cargo build --release",
          run: ["cargo", "build", "--release", "--locked", "--quiet"],
          inputs: ["src", "Cargo.toml", "Cargo.lock"],
          outputs: [BINARY],
          timeoutSeconds: 900,
        },
      ],
    },
  };
}

/**
 * Builds crudbench-engine (or finds it up to date). Never throws for a missing toolchain or a
 * failed build: those choose the in-process engine, with the reason (naming the build log).
 */
export async function prepareEngine(options: { logFile: string; output: Output; signal?: AbortSignal; engineDir?: string }): Promise<EngineChoice> {
  const dir = options.engineDir ?? DEFAULT_ENGINE_DIR;
  if (!existsSync(join(dir, "Cargo.toml"))) return { engine: "undici-dispatch", reason: `the native engine's sources are missing (${dir}/Cargo.toml)` };
  const outcome = await prepareTarget(engineAsPreparable(dir), options.logFile, options.output, options.signal);
  if (!outcome.ok) {
    const missingToolchain = outcome.reason.startsWith("missing toolchain");
    return { engine: "undici-dispatch", reason: missingToolchain ? outcome.reason : `crudbench-engine did not build (log: ${outcome.logFile}): ${outcome.reason}` };
  }
  const binary = join(dir, BINARY);
  // A build that succeeds without its binary (CARGO_TARGET_DIR set elsewhere) cannot be used.
  if (!existsSync(binary)) return { engine: "undici-dispatch", reason: `cargo built, but ${binary} is missing (is CARGO_TARGET_DIR set?)` };
  return { engine: "native", binary };
}

/** Opens the chosen engine on one keep-alive connection to `baseUrl`; engine stderr goes to `logFile`. */
export function openTimingClient(choice: EngineChoice, baseUrl: string, timeoutMs: number, logFile: string): TimingClient {
  return choice.engine === "native" ? NativeTimingClient.open(choice.binary, baseUrl, timeoutMs, logFile) : new DispatchTimingClient(baseUrl, timeoutMs);
}
