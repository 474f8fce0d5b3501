import { join } from "node:path";
import type { CpuPinning } from "../lifecycle/cpu-pinning.js";
import { startEchoServer } from "../load/echo-target.js";
import { runWrkFloor, wrkAvailable } from "../load/wrk.js";
import { quantile, sortSamples } from "../stats/summary.js";
import { openTimingClient, type EngineChoice } from "./prepare-engine.js";
import type { TimingEngineName } from "./timing-client.js";

/**
 * The harness floor: the latency a client measures against a server that does nothing (a bare
 * echo, no framework, no database). No target can be measured below it, so a target near it
 * is measured as much as the client as the server. wrk -t1 -c1 on the same server is the
 * reference: a C client with one connection, the least a client can add here.
 */

export interface EngineFloor {
  name: TimingEngineName;
  median_ms: number;
  p99_ms: number;
  /** Timed requests (warm-up excluded). */
  requests: number;
}

export interface WrkFloor {
  median_ms: number;
  p99_ms: number;
  requests: number;
}

export interface Floors {
  engines: EngineFloor[];
  /** null when wrk was not run; `wrkSkipped` says why. */
  wrk: WrkFloor | null;
  wrkSkipped: string | null;
}

export interface FloorOptions {
  /** Each engine is measured in turn against the same echo server. */
  engines: readonly EngineChoice[];
  requests: number;
  warmup: number;
  timeoutMs: number;
  /** How long wrk runs; 0 to skip it. */
  wrkDurationMs: number;
  workDir: string;
  /** Log files (echo server, engines) go here. */
  logsDir: string;
  /** Echo server on the targets' CPUs, wrk on the harness's (the engines inherit the harness's). */
  pinning?: CpuPinning | undefined;
  onProgress?: (message: string) => void;
}

export const FLOOR_DEFAULTS = { requests: 2000, warmup: 200, wrkDurationMs: 3000 } as const;

/** The path every floor request asks for: a read of one task, as the single workload does. */
const FLOOR_PATH = "/tasks/1";

export async function measureFloors(options: FloorOptions): Promise<Floors> {
  const echo = await startEchoServer({ workDir: options.workDir, logFile: join(options.logsDir, "echo.log"), cpus: options.pinning?.targets });
  try {
    const engines: EngineFloor[] = [];
    for (const choice of options.engines) {
      options.onProgress?.(`${choice.engine}: ${options.warmup} warm-up + ${options.requests} timed GETs …`);
      engines.push(await measureEngine(choice, echo.baseUrl, options));
    }
    if (options.wrkDurationMs <= 0) return { engines, wrk: null, wrkSkipped: "not asked for" };
    if (!wrkAvailable()) return { engines, wrk: null, wrkSkipped: "wrk is not installed (apt-get install wrk)" };
    options.onProgress?.(`wrk -t1 -c1 for ${options.wrkDurationMs / 1000} s …`);
    const summary = await runWrkFloor({ url: `${echo.baseUrl}${FLOOR_PATH}`, durationMs: options.wrkDurationMs, timeoutMs: options.timeoutMs, workDir: options.workDir, ...(options.pinning ? { cpus: options.pinning.harness } : {}) });
    const failed = summary.status + summary.timeout + summary.connect + summary.read + summary.write;
    if (failed > 0) throw new Error(`wrk -t1 -c1 against the echo server had ${failed} failed requests of ${summary.requests}`);
    // wrk reports microseconds.
    return { engines, wrk: { median_ms: summary.p50 / 1000, p99_ms: summary.p99 / 1000, requests: summary.requests }, wrkSkipped: null };
  } finally {
    await echo.stop();
  }
}

/**
 * Sequential GETs over one keep-alive connection, planned as one batch the way the latency
 * workloads send each operation. A failed request means the floor is unknown: the echo
 * server always answers, so a failure is the harness's.
 */
async function measureEngine(choice: EngineChoice, baseUrl: string, options: FloorOptions): Promise<EngineFloor> {
  const client = openTimingClient(choice, baseUrl, options.timeoutMs, join(options.logsDir, `engine-${choice.engine}.log`));
  const samples: number[] = [];
  try {
    const outcomes = await client.batch(Array.from({ length: options.warmup + options.requests }, () => ({ method: "GET" as const, path: FLOOR_PATH })));
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.ok) throw new Error(`${choice.engine}: GET ${FLOOR_PATH} to the echo server failed: ${outcome.cause}: ${outcome.message}`);
      if (outcome.response.status !== 200) throw new Error(`${choice.engine}: GET ${FLOOR_PATH} to the echo server answered ${outcome.response.status}`);
      if (index >= options.warmup) samples.push(outcome.response.elapsedMs);
    }
  } finally {
    await client.close();
  }
  const sorted = sortSamples(samples);
  return { name: choice.engine, median_ms: quantile(sorted, 0.5), p99_ms: quantile(sorted, 0.99), requests: samples.length };
}
