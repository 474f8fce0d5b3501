import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Output } from "../console/output.js";
import type { ConformanceCase } from "../conformance/case.js";
import { runConformance } from "../conformance/runner.js";
import { conformanceSuite } from "../conformance/suite.js";
import { describeError } from "../errors.js";
import { TargetClient } from "../http/client.js";
import { gateAll, MemorySampler } from "../lifecycle/memory-sampler.js";
import { describeExit } from "../lifecycle/target-process.js";
import type { DatabaseProvider } from "../database/provider.js";
import type { RunConfigRecord, StatementsPerRequest, TargetDescription, TargetResult, TargetStatus } from "../results/types.js";
import { summarizeMemory, type RoundMemory } from "../stats/memory.js";
import { openSession, type SessionOptions } from "./target-session.js";
import type { Target } from "../targets/manifest.js";
import { prepareTarget } from "../targets/prepare.js";
import { runBulkWorkload } from "../workloads/bulk.js";
import { WorkloadAborted, type OperationsSamples, type WorkloadContext } from "../workloads/operation-recorder.js";
import { runSingleWorkload } from "../workloads/single.js";
import { countStatements } from "../workloads/statement-counts.js";

export interface TargetRunOptions {
  config: RunConfigRecord;
  databases: DatabaseProvider;
  resultsDir: string;
  logFile: string;
  output: Output;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  /** CPUs to run the target on (taskset list), when pinning. */
  cpus?: string;
  /** Replaces the conformance suite (tests use small ones). */
  suite?: readonly ConformanceCase[];
}

export function describeTarget(target: Target): TargetDescription {
  const { manifest } = target;
  return {
    name: manifest.name,
    display_name: manifest.displayName,
    language: manifest.language,
    framework: { ...manifest.framework },
    data_access: { ...manifest.dataAccess },
    server: {
      processes: manifest.server.processes,
      threads_per_process: manifest.server.threadsPerProcess ?? null,
      model: manifest.server.model,
      notes: manifest.server.notes ?? null,
    },
  };
}

function sessionOptions(options: TargetRunOptions): SessionOptions {
  return {
    databases: options.databases,
    poolSize: options.config.pool_size,
    logFile: options.logFile,
    ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cpus ? { cpus: options.cpus } : {}),
  };
}

const logSection = (logFile: string, title: string) => appendFileSync(logFile, `\n===== ${title} (${new Date().toISOString()}) =====\n`);

/**
 * Everything before timing: database support, toolchain and prepare steps, then the
 * conformance suite on a database of its own. A target whose result is not "measured" here
 * is never timed. Nothing here throws for a target's fault.
 */
export async function qualifyTarget(target: Target, options: TargetRunOptions): Promise<TargetResult> {
  const started = Date.now();
  const { output, config } = options;
  const name = target.manifest.name;
  const result = (fields: { status: TargetStatus; reason?: string; conformance?: TargetResult["conformance"] }): TargetResult => ({
    ...describeTarget(target),
    ...fields,
    log_file: relative(options.resultsDir, options.logFile),
    duration_s: Math.round((Date.now() - started) / 100) / 10,
  });
  const interruptedOr = (status: TargetStatus) => (options.signal?.aborted ? "interrupted" : status);

  if (!target.manifest.databases.includes(config.database)) {
    return result({ status: "skipped", reason: `does not support the ${config.database} database (supports ${target.manifest.databases.join(", ")})` });
  }
  logSection(options.logFile, "prepare");
  const prepared = await prepareTarget(target, options.logFile, output, options.signal);
  if (!prepared.ok) return result({ status: interruptedOr("failed-prepare"), reason: prepared.reason });
  if (options.signal?.aborted) return result({ status: "interrupted", reason: "interrupted before conformance" });

  logSection(options.logFile, "conformance");
  output.step(name, "conformance …");
  const tracing = options.databases.statementTracing(`${name}-conformance`);
  const session = await openSession(target, "conformance", { ...sessionOptions(options), ...(tracing ? { env: tracing.env } : {}) });
  if (!session.ok) return result({ status: interruptedOr("failed-start"), reason: session.reason });
  const client = new TargetClient(session.target.baseUrl, config.request_timeout_ms);
  const suite = options.suite ?? conformanceSuite;
  let conformance;
  let statements: StatementsPerRequest | undefined;
  let statementsProblem: string | undefined;
  try {
    conformance = await runConformance(suite, { client, database: session.database.direct }, (caseResult, index) =>
      output.progress(name, `conformance ${index + 1}/${suite.length} ${caseResult.id}`),
    );
    if (conformance.failed === 0 && tracing) {
      try {
        statements = await countStatements(client, tracing.counter, session.database);
      } catch (error) {
        statementsProblem = `statement counts failed: ${describeError(error)}`;
      }
    }
  } finally {
    await client.close();
    await session.close();
  }
  output.progress(name, `conformance: ${conformance.passed}/${suite.length} passed`, true);
  if (conformance.failed > 0) {
    const failedIds = conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
    return result({ status: interruptedOr("failed-conformance"), reason: `${conformance.failed} conformance case(s) failed: ${failedIds.join(", ")}`, conformance });
  }
  if (statementsProblem) return result({ status: interruptedOr("failed-workload"), reason: statementsProblem, conformance });
  return { ...result({ status: "measured", conformance }), ...(statements ? { statements_per_request: statements } : {}) };
}

/** One round of one target: its samples, or why the round could not finish. */
export type RoundOutcome =
  | { ok: true; single: OperationsSamples; bulk: OperationsSamples; memory: RoundMemory | undefined; databaseMemory: RoundMemory | undefined }
  | { ok: false; status: TargetStatus; reason: string };

/**
 * One round: a fresh database and a fresh process, idle memory, then the single and bulk
 * workloads, then stop. Timing lives in the workloads; this only arranges them.
 */
export async function measureRound(target: Target, round: number, options: TargetRunOptions): Promise<RoundOutcome> {
  const { config, output } = options;
  const name = target.manifest.name;
  logSection(options.logFile, `benchmark round ${round}`);
  const session = await openSession(target, `round-${round}`, sessionOptions(options));
  if (!session.ok) return { ok: false, status: options.signal?.aborted ? "interrupted" : "failed-start", reason: session.reason };
  const client = new TargetClient(session.target.baseUrl, config.request_timeout_ms);
  const sampler = new MemorySampler(session.target.pid, config.memory_interval_ms);
  // The database server is sampled apart, so its memory never counts as the target's.
  const serverPid = options.databases.serverPid;
  const databaseSampler = serverPid ? new MemorySampler(serverPid, config.memory_interval_ms) : undefined;
  const context: WorkloadContext = {
    client,
    sampler: gateAll([sampler, databaseSampler]),
    targetExited: () => session.target.hasExited(),
    signal: options.signal,
    onProgress: (message, final) => output.progress(name, `round ${round}/${config.rounds}: ${message}`, final),
  };
  try {
    sampler.start();
    databaseSampler?.start();
    await sleep(config.idle_window_ms);
    sampler.setPhase("load");
    databaseSampler?.setPhase("load");
    const single = await runSingleWorkload(context, { iterations: config.iterations, warmup: config.warmup });
    const bulk = await runBulkWorkload(context, { size: config.bulk_size, repeats: config.bulk_repeats, warmup: config.bulk_warmup });
    const memory = summarizeMemory(sampler.stop());
    const databaseMemory = databaseSampler ? summarizeMemory(databaseSampler.stop()) : undefined;
    if (session.target.hasExited()) {
      return { ok: false, status: "crashed", reason: `target exited during round ${round} (${describeExit(await session.target.exited)})` };
    }
    return { ok: true, single, bulk, memory, databaseMemory };
  } catch (error) {
    sampler.stop();
    databaseSampler?.stop();
    if (error instanceof WorkloadAborted) {
      const exitNote = session.target.hasExited() ? ` (${describeExit(await session.target.exited)})` : "";
      return { ok: false, status: error.kind, reason: `${error.message} in round ${round}${exitNote}` };
    }
    return { ok: false, status: "failed-workload", reason: `round ${round} failed: ${describeError(error)}` };
  } finally {
    await client.close();
    await session.close();
  }
}
