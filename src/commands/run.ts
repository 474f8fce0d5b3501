import type { Output } from "../console/output.js";
import { DEFAULT_POOL_SIZE } from "../database/open-provider.js";
import { runBenchmark } from "../pipeline.js";
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
}

export async function runCommand(options: RunCommandOptions, output: Output): Promise<number> {
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
