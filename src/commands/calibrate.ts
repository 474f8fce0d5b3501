import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import { CrudbenchError, describeError, ExitCode } from "../errors.js";
import { pinHarness, type CpuPinning } from "../lifecycle/cpu-pinning.js";
import { formatMs, formatRatio, markdownTable } from "../report/table.js";
import { FLOOR_DEFAULTS, measureFloors, type Floors } from "../timing/floor.js";
import { prepareEngine, type EngineChoice } from "../timing/prepare-engine.js";
import { installInterruptHandler } from "./interrupt.js";

export interface CalibrateOptions {
  json: boolean;
  requests: number;
  pin: boolean;
  requestTimeout: number;
}

/**
 * `crudbench calibrate`: the harness floor of every timing engine available here (native
 * when it builds, always undici-dispatch) and of wrk -t1 -c1, against a bare echo server.
 * The floors go to stdout (a table, or JSON with --json); progress to stderr.
 */
export async function calibrateCommand(options: CalibrateOptions, output: Output): Promise<number> {
  const interrupt = installInterruptHandler(output);
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-calibrate-"));
  let keepWorkDir = false;
  try {
    const pinning = options.pin ? pinHarness() : undefined;
    output.info(pinning ? `pinned: harness and engines on CPU ${pinning.harness}, echo server on CPU ${pinning.targets}` : "not pinned: harness, engines and echo server share the CPUs");
    const native = await prepareEngine({ logFile: join(workDir, "engine-build.log"), output, signal: interrupt.signal });
    if (interrupt.signal.aborted) return ExitCode.interrupted;
    if (native.engine !== "native") {
      output.warn(`native engine unavailable: ${native.reason}`);
      keepWorkDir = native.reason.includes(workDir);
    }
    const engines: EngineChoice[] = [...(native.engine === "native" ? [native] : []), { engine: "undici-dispatch", reason: "calibrate measures every engine" }];
    let floors: Floors;
    try {
      floors = await measureFloors({
        engines,
        requests: options.requests,
        warmup: FLOOR_DEFAULTS.warmup,
        timeoutMs: options.requestTimeout,
        wrkDurationMs: FLOOR_DEFAULTS.wrkDurationMs,
        workDir,
        logsDir: workDir,
        pinning,
        onProgress: (message) => output.step("calibrate", message),
      });
    } catch (error) {
      keepWorkDir = true;
      throw new CrudbenchError(`the floor could not be measured: ${describeError(error)}`, { exitCode: ExitCode.targetFailed, hint: `the echo server's and engines' logs are in ${workDir}` });
    }
    if (interrupt.signal.aborted) return ExitCode.interrupted;
    if (floors.wrkSkipped) output.warn(`wrk -t1 -c1 not measured: ${floors.wrkSkipped}`);
    process.stdout.write(options.json ? `${JSON.stringify(floorsJson(floors), null, 2)}\n` : `${floorsTable(floors, options.requests, pinning)}\n`);
    return ExitCode.ok;
  } finally {
    interrupt.dispose();
    if (keepWorkDir) output.info(`logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

/** The documented --json shape, and nothing else: `{engines: [...], wrk: {...} | null}`. */
export function floorsJson(floors: Floors): { engines: { name: string; median_ms: number; p99_ms: number; requests: number }[]; wrk: { median_ms: number; p99_ms: number } | null } {
  return {
    engines: floors.engines.map(({ name, median_ms, p99_ms, requests }) => ({ name, median_ms: round(median_ms), p99_ms: round(p99_ms), requests })),
    wrk: floors.wrk ? { median_ms: round(floors.wrk.median_ms), p99_ms: round(floors.wrk.p99_ms) } : null,
  };
}

function floorsTable(floors: Floors, requests: number, pinning: CpuPinning | undefined): string {
  const wrk = floors.wrk;
  const rows = floors.engines.map((e) => [e.name, `${formatMs(e.median_ms)} ms`, `${formatMs(e.p99_ms)} ms`, String(e.requests), wrk ? formatRatio(e.median_ms / wrk.median_ms) : "–"]);
  rows.push(["wrk -t1 -c1", wrk ? `${formatMs(wrk.median_ms)} ms` : "–", wrk ? `${formatMs(wrk.p99_ms)} ms` : "–", wrk ? String(wrk.requests) : "–", wrk ? "1.00×" : `– (${floors.wrkSkipped})`]);
  const title = `Harness floor: sequential GETs over one keep-alive connection to a bare echo server (${requests} timed after ${FLOOR_DEFAULTS.warmup} warm-up per engine; wrk for ${FLOOR_DEFAULTS.wrkDurationMs / 1000} s), ${pinning ? `harness on CPU ${pinning.harness}, server on CPU ${pinning.targets}` : "not pinned"}.`;
  return `${title}\n\n${markdownTable({ headers: ["Client", "median", "p99", "requests", "median × wrk"], align: ["left", "right", "right", "right", "right"], rows })}`;
}

/** Whole microseconds: what wrk reports, and the engines are shown alike so they compare. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
