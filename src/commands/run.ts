import type { Output } from "../console/output.js";
import { DEFAULT_POOL_SIZE } from "../database/open-provider.js";
import { runBenchmark } from "../run/pipeline.js";
import { DEFAULT_BOOTSTRAP } from "../stats/bootstrap.js";
import { DEFAULT_NOISE_THRESHOLD } from "../stats/compare.js";
import { installInterruptHandler } from "./interrupt.js";

export interface RunCommandOptions {
  targets?: string[];
  rounds: number;
  pin: boolean;
  iterations: number;
  warmup: number;
  bulkSize: number;
  repeats: number;
  bulkWarmup: number;
  db: "sqlite" | "postgres";
  out?: string;
  targetsDir: string;
  resultsDir: string;
  requestTimeout: number;
  idleWindow: number;
  /** run --load: add the load stage after the rounds. */
  load?: boolean;
}

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
};

/** The load stage's configuration from command-line options; unset options take the defaults. */
export function loadConfig(given: Partial<LoadOptions>) {
  const chosen = Object.fromEntries(Object.entries(given).filter(([key, value]) => value !== undefined && (key in LOAD_DEFAULTS || key === "rate")));
  const options: LoadOptions = { ...LOAD_DEFAULTS, ...chosen };
  return {
    mix: options.mix,
    levels: options.levels,
    rates: options.rate ? [options.rate] : options.rates,
    durationMs: options.duration,
    warmupMs: options.warmupTime,
    sloP99Ms: options.sloP99,
    openConnections: options.openConnections,
    seedTasks: 1000,
    useWrk: options.wrk,
  };
}

export async function runCommand(options: RunCommandOptions & Partial<LoadOptions>, output: Output): Promise<number> {
  const interrupt = installInterruptHandler(output);
  try {
    const outcome = await runBenchmark({
      config: {
        database: options.db,
        pool_size: DEFAULT_POOL_SIZE,
        rounds: options.rounds,
        iterations: options.iterations,
        warmup: options.warmup,
        bulk_size: options.bulkSize,
        bulk_repeats: options.repeats,
        bulk_warmup: options.bulkWarmup,
        request_timeout_ms: options.requestTimeout,
        memory_interval_ms: 100,
        idle_window_ms: options.idleWindow,
        bootstrap_resamples: DEFAULT_BOOTSTRAP.resamples,
        bootstrap_seed: DEFAULT_BOOTSTRAP.seed,
        noise_threshold: DEFAULT_NOISE_THRESHOLD,
      },
      pin: options.pin,
      ...(options.load ? { load: loadConfig(options) } : {}),
      targetNames: options.targets,
      targetsDir: options.targetsDir,
      resultsRoot: options.resultsDir,
      outDir: options.out,
      output,
      signal: interrupt.signal,
    });
    return outcome.exitCode;
  } finally {
    interrupt.dispose();
  }
}
