import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import { ExitCode } from "../errors.js";
import { DEFAULT_POOL_SIZE, openDatabaseProvider } from "../database/open-provider.js";
import { qualifyTarget } from "../run/measure-target.js";
import { runIdFor } from "../run/pipeline.js";
import type { RunConfigRecord, TargetResult } from "../results/types.js";
import { discoverTargets, selectTargets } from "../targets/discovery.js";
import { installInterruptHandler } from "./interrupt.js";

export interface CheckCommandOptions {
  targetsDir: string;
  db: "sqlite" | "postgres";
  json: boolean;
  requestTimeout: number;
}

/** `crudbench check [targets…]`: prepare and conformance only, no timing. */
export async function checkCommand(names: string[], options: CheckCommandOptions, output: Output): Promise<number> {
  const targets = selectTargets(discoverTargets(options.targetsDir), names.length > 0 ? names : undefined);
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-check-"));
  mkdirSync(join(workDir, "logs"));
  let databases;
  try {
    databases = await openDatabaseProvider(options.db, workDir, runIdFor(new Date()));
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const interrupt = installInterruptHandler(output);
  const { version, managed, settings } = databases.describe();
  const config: RunConfigRecord = {
    database: options.db,
    database_server: { version, managed, settings },
    pool_size: DEFAULT_POOL_SIZE,
    rounds: 0,
    iterations: 0,
    warmup: 0,
    bulk_size: 0,
    bulk_repeats: 0,
    bulk_warmup: 0,
    request_timeout_ms: options.requestTimeout,
    memory_interval_ms: 100,
    idle_window_ms: 0,
    bootstrap_resamples: 0,
    bootstrap_seed: 0,
    noise_threshold: 0,
    cpu_pinning: null,
    targets: targets.map((t) => t.manifest.name),
  };
  const results: TargetResult[] = [];
  try {
    for (const target of targets) {
      if (interrupt.signal.aborted) break;
      const result = await qualifyTarget(target, {
        config,
        databases,
        resultsDir: workDir,
        logFile: join(workDir, "logs", `${target.manifest.name}.log`),
        output,
        signal: interrupt.signal,
      });
      results.push(result);
      if (!options.json) printCheck(output, result);
    }
  } finally {
    interrupt.dispose();
    await databases.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  if (options.json) {
    const report = results.map((r) => ({
      name: r.name,
      status: r.status === "measured" ? "passed" : r.status,
      reason: r.reason ?? null,
      conformance: r.conformance ?? null,
      statements_per_request: r.statements_per_request ?? null,
    }));
    process.stdout.write(`${JSON.stringify({ database: options.db, targets: report }, null, 2)}\n`);
  }
  if (interrupt.signal.aborted) return ExitCode.interrupted;
  return results.every((r) => r.status === "measured" || r.status === "skipped") ? ExitCode.ok : ExitCode.targetFailed;
}

function printCheck(output: Output, result: TargetResult): void {
  for (const c of result.conformance?.cases ?? []) {
    if (c.outcome === "failed") output.error(`[${result.name}] ✗ ${c.id}: ${c.reason}`);
  }
  if (result.status === "measured") output.success(`[${result.name}] conformance passed: ${result.conformance?.passed} cases`);
  else if (result.status === "skipped") output.warn(`[${result.name}] skipped: ${result.reason}`);
  else output.error(`[${result.name}] ${result.status}: ${result.reason}`);
}
