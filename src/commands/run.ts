import { join, resolve } from "node:path";
import { readClaimsFile } from "../claims/claims-file.js";
import type { Output } from "../console/output.js";
import type { LatencyConfig, LoadPlan } from "../results/types.js";
import { DEFAULT_POOL_SIZE } from "../database/open-provider.js";
import { runBenchmark } from "../run/pipeline.js";
import { DEFAULT_BOOTSTRAP } from "../stats/bootstrap.js";
import { DEFAULT_NOISE_THRESHOLD } from "../stats/compare.js";
import { installInterruptHandler } from "./interrupt.js";
import { chooseTargets } from "../targets/remote.js";
import { installLocust, locustDir, locustRequirements, pinnedLocustVersion } from "../load/locust/install.js";

/** Options of every command that starts targets and writes results (run, load). */
export interface MeasuringOptions {
  targets?: string[];
  /** `--url NAME=URL`: servers started elsewhere. */
  url?: string[];
  pin: boolean;
  db: "sqlite" | "postgres";
  out?: string;
  targetsDir: string;
  resultsDir: string;
  requestTimeout: number;
  /** A claims file to check with the run's statistics. */
  claims?: string;
}

/** `crudbench run`'s options for the latency sessions. */
export interface LatencyOptions {
  sessions: number;
  blocks: number;
  batch: number;
  turn: number;
  rewarm: number;
  warmup: number;
  bulkSize: number;
  bulkEvery: number;
  bulkWarmup: number;
  seed: number;
  idleWindow: number;
}

/**
 * The defaults, sized by where the variance was on the 2-core machine this project runs on
 * (docs/methodology.md, "Turns" and "Sizing sessions and blocks", after Kalibera & Jones):
 * two batch medians taken one after the other differed by about 19% from block to block, no
 * less with 20 timed requests than with 10, so the batches of a step go out in turns (2
 * untimed + 3 timed requests per target per turn: two, because one left the Python targets'
 * caches cold), which cut that spread by a quarter to a half; a target moves by 2–5% from
 * session to session, and a session costs as much as 20 blocks to start and warm up. So: 10
 * sessions (the unit of every interval; the signed-rank test needs 6 to reach p < 0.05), 25
 * blocks each (batches of 9 timed requests; the A/A control gains from more blocks, the
 * comparisons from more sessions), and bulk repetitions (each as costly as a block's single
 * batches together) every third block.
 */
export const LATENCY_DEFAULTS: LatencyOptions = { sessions: 10, blocks: 12, batch: 9, turn: 3, rewarm: 2, warmup: 1000, bulkSize: 100, bulkEvery: 3, bulkWarmup: 1, seed: 20261130, idleWindow: 1000 };

/** How often process-tree memory is read from /proc during a session. */
const MEMORY_INTERVAL_MS = 100;
/** Tasks created before a load test, for reads and updates to hit. */
const LOAD_SEED_TASKS = 1000;

export interface LoadOptions {
  levels: number[];
  rates: number[];
  rate?: number;
  duration: number;
  warmupTime: number;
  mix: "read" | "write" | "crud";
  sloP99: number;
  openConnections: number;
  wrk: boolean;
  /** What drives the closed-model levels. */
  engine: "crudbench" | "locust";
  /** Locust's worker processes (with --engine locust). */
  workers: number;
}

export const LOAD_DEFAULTS: LoadOptions = {
  levels: [1, 8, 32, 64, 128],
  rates: [100, 200, 400, 800, 1600, 3200],
  duration: 10_000,
  warmupTime: 2_000,
  mix: "crud",
  sloP99: 50,
  openConnections: 64,
  wrk: true,
  engine: "crudbench",
  workers: 1,
};

/** The load stage's configuration from command-line options; unset options take the defaults. */
export function loadConfig(given: Partial<LoadOptions>, ratesGiven = false): LoadPlan {
  const chosen = Object.fromEntries(Object.entries(given).filter(([key, value]) => value !== undefined && (key in LOAD_DEFAULTS || key === "rate")));
  const options: LoadOptions = { ...LOAD_DEFAULTS, ...chosen };
  return {
    mix: options.mix,
    levels: options.levels,
    // The sweep climbs (its stop rule and "the highest rate tried" assume it): ascending, once each.
    // Locust's open levels are paced closed loops whose latency is not corrected (measure-load.ts):
    // run only when rates are asked for, never by default.
    rates: options.engine === "locust" && !ratesGiven ? [] : options.rate ? [options.rate] : [...new Set(options.rates)].sort((a, b) => a - b),
    duration_ms: options.duration,
    warmup_ms: options.warmupTime,
    slo_p99_ms: options.sloP99,
    open_connections: options.openConnections,
    seed_tasks: LOAD_SEED_TASKS,
    use_wrk: options.wrk,
    engine: options.engine,
    locust_workers: options.engine === "locust" ? options.workers : null,
  };
}

/** Why the load options cannot run with the engine asked for, or undefined. Pure. */
export function loadEngineProblem(options: { engine: LoadOptions["engine"]; workersGiven: boolean }): { message: string; hint: string } | undefined {
  if (options.engine !== "locust" && options.workersGiven) return { message: "--workers is Locust's: it needs --engine locust", hint: "add --engine locust, or leave out --workers" };
  return undefined;
}

/** The latency sessions' configuration from `crudbench run` options. */
export function latencyConfig(options: LatencyOptions): LatencyConfig {
  return {
    sessions: options.sessions,
    blocks: options.blocks,
    batch: options.batch,
    turn: options.turn,
    rewarm: options.rewarm,
    warmup: options.warmup,
    bulk_size: options.bulkSize,
    bulk_every: options.bulkEvery,
    bulk_warmup: options.bulkWarmup,
    order_seed: options.seed,
    memory_interval_ms: MEMORY_INTERVAL_MS,
    idle_window_ms: options.idleWindow,
  };
}

/**
 * `crudbench run` (latency sessions, plus the load stage with --load) and `crudbench load`
 * (the load stage alone: `latency` is null, so nothing about sessions is recorded).
 */
export async function runCommand(options: MeasuringOptions, stages: { latency: LatencyConfig | null; load: LoadPlan | null }, output: Output): Promise<number> {
  // Read before anything starts: a broken claims file fails in a second, not after an hour of measuring.
  const claims = options.claims ? readClaimsFile(resolve(options.claims), options.claims) : null;
  // Installed (or found) before any target starts: no python3 is exit 2 with a hint, in seconds;
  // after the targets named are checked (runBenchmark chooses them again), so a typo in -t or
  // --url does not wait for the install.
  if (stages.load?.engine === "locust") {
    chooseTargets(options.targetsDir, options.targets, options.url);
    output.info(`load: Locust ${pinnedLocustVersion()} (${locustRequirements}) …`);
    await installLocust(join(locustDir, "install.log"));
  }
  const interrupt = installInterruptHandler(output);
  try {
    const outcome = await runBenchmark({
      database: options.db,
      ...stages,
      statistics: { bootstrap_resamples: DEFAULT_BOOTSTRAP.resamples, bootstrap_seed: DEFAULT_BOOTSTRAP.seed, noise_threshold: DEFAULT_NOISE_THRESHOLD },
      requestTimeoutMs: options.requestTimeout,
      poolSize: DEFAULT_POOL_SIZE,
      pin: options.pin,
      targetNames: options.targets,
      urls: options.url,
      targetsDir: options.targetsDir,
      resultsRoot: options.resultsDir,
      outDir: options.out,
      output,
      signal: interrupt.signal,
      claims,
    });
    return outcome.exitCode;
  } finally {
    interrupt.dispose();
  }
}
