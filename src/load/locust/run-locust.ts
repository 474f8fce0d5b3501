import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findFreePort } from "../../lifecycle/free-port.js";
import { runLogged, type LoggedRun } from "../../lifecycle/run-logged.js";
import type { LevelMeasurement } from "../../results/types.js";
import type { MixName } from "../mix.js";
import { locustCpuWarned, locustLevel } from "./locust-stats.js";
import { locustfile } from "./locustfile.js";
import { locustOpenLevel } from "./locust-open.js";
import { clearAnsweredFiles, quartersFromAnswered, readAnsweredFiles } from "./answered.js";

export interface LocustLevelOptions {
  /** The `locust` program (installLocust). */
  locust: string;
  baseUrl: string;
  mix: MixName;
  seededIds: readonly number[];
  connections: number;
  /** Worker processes; the master only coordinates and collects. */
  workers: number;
  /** A discarded run first, with the same users (whole seconds, at least 1; 0 for none). */
  warmupMs: number;
  /** Locust's --run-time, whole seconds. */
  durationMs: number;
  timeoutMs: number;
  workDir: string;
  signal?: AbortSignal | undefined;
  /** An open-model level: this many requests a second in all, each user paced at rate ÷ connections (locust-open.ts). */
  rate?: number | undefined;
}

/** How long the master waits for its workers to connect before it gives up (they seed nothing when crudbench seeded). */
const WORKERS_WAIT_S = 30;
/** How long workers may take to quit after their master ended, before they are stopped. */
const WORKERS_GRACE_MS = 10_000;

/** Seconds for Locust's --run-time: whole, at least 1. */
const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/**
 * One closed-model level driven by Locust (or, with `rate`, an open-model one, paced), after
 * its warm-up: a headless master bound to loopback and `workers` worker processes connecting
 * to it, `connections` users all spawned at once, for the level's duration; the level is read
 * from the master's CSV files and the workers' own counts (answered.ts). The
 * warm-up is a separate discarded run (as for wrk): Locust has no timed stats reset, and a
 * reset while workers still hold unsent stats would mix the windows.
 */
export async function runLocustLevel(options: LocustLevelOptions): Promise<LevelMeasurement> {
  const file = join(options.workDir, `crudbench-${options.mix}-locustfile.py`);
  writeFileSync(file, locustfile(options.mix, options.timeoutMs));
  const name = options.rate === undefined ? `${options.connections}` : `rate-${options.rate}`;
  if (options.warmupMs > 0) await runLocust(options, file, seconds(options.warmupMs), `warmup-${name}`);
  const runSeconds = seconds(options.durationMs);
  const { prefix, output } = await runLocust(options, file, runSeconds, `level-${name}`);
  const measured = locustLevel(readFileSync(`${prefix}_stats.csv`, "utf8"), readFileSync(`${prefix}_failures.csv`, "utf8"), options.connections, locustCpuWarned(output));
  // The workers' own counts per tenth of a second give the quarters, and the stability check.
  const level = { ...measured, quarters_rps: quartersFromAnswered(readAnsweredFiles(answeredFile(prefix))) };
  return options.rate === undefined ? level : locustOpenLevel(level, options.rate, runSeconds);
}

const answeredFile = (prefix: string) => `${prefix}_answered`;

async function runLocust(options: LocustLevelOptions, file: string, runSeconds: number, label: string): Promise<{ prefix: string; output: string }> {
  const port = await findFreePort();
  const prefix = join(options.workDir, `locust-${label}`);
  const logFile = join(options.workDir, `locust-${label}.log`);
  clearAnsweredFiles(answeredFile(prefix));
  const env = { ...process.env, CRUDBENCH_SEEDED_IDS: options.seededIds.join(","), CRUDBENCH_ANSWERED_FILE: answeredFile(prefix), PYTHONUNBUFFERED: "1",
    ...(options.rate === undefined ? {} : { CRUDBENCH_PACE_PER_USER: String(options.rate / options.connections) }) };
  const common = ["-f", file, "--host", options.baseUrl, "--loglevel", "WARNING"];
  // Room for start-up, the run, the workers' last report and shutdown.
  const timeoutMs = runSeconds * 1000 + 60_000;
  const masterArgv = [
    options.locust, ...common, "--master", "--headless", "--master-bind-host", "127.0.0.1", "--master-bind-port", String(port),
    "--expect-workers", String(options.workers), "--expect-workers-max-wait", String(WORKERS_WAIT_S), "-u", String(options.connections), "-r", String(options.connections),
    "-t", `${runSeconds}s`, "--csv", prefix, "--exit-code-on-error", "0", "--only-summary",
  ];
  const workerArgv = [options.locust, ...common, "--worker", "--master-host", "127.0.0.1", "--master-port", String(port)];
  let output = "";
  const onLine = (line: string) => void (output += `${line}\n`);
  const run = { cwd: options.workDir, env, timeoutMs, onLine, ...(options.signal ? { signal: options.signal } : {}) };
  const master = runLogged(masterArgv, { ...run, logFile });
  // A worker whose master is gone waits a minute for its heartbeat: stopped once the master has ended.
  const stopWorkers = new AbortController();
  const workerSignal = options.signal ? AbortSignal.any([options.signal, stopWorkers.signal]) : stopWorkers.signal;
  const workers = Array.from({ length: options.workers }, (_, i) => runLogged(workerArgv, { ...run, signal: workerSignal, logFile: join(options.workDir, `locust-${label}-worker-${i + 1}.log`) }));
  const masterRun = await master;
  const timer = setTimeout(() => stopWorkers.abort(), WORKERS_GRACE_MS);
  await Promise.all(workers);
  clearTimeout(timer);
  if (masterRun.exitCode !== 0) throw new Error(`the Locust master ${why(masterRun)}:\n  ${masterRun.tail.slice(-8).join("\n  ")}\n(log: ${logFile})`);
  return { prefix, output };
}

function why(run: LoggedRun): string {
  return run.spawnError ? `could not start: ${run.spawnError}` : run.timedOut ? "timed out" : `exited with ${run.exitCode ?? run.signal}`;
}
