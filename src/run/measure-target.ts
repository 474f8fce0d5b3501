import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runConformance } from "../conformance/runner.js";
import { describeError } from "../errors.js";
import { TargetClient } from "../http/client.js";
import { gateAll, MemorySampler } from "../lifecycle/memory-sampler.js";
import { describeExit } from "../lifecycle/target-process.js";
import type { ConformanceResults, LatencyConfig, PartialCause, StatementsPerRequest, TargetDescription, TargetResult } from "../results/types.js";
import { summarizeMemory, type RoundMemory } from "../stats/memory.js";
import type { Target } from "../targets/manifest.js";
import { prepareTarget } from "../targets/prepare.js";
import { runBulkWorkload } from "../workloads/bulk.js";
import { WorkloadAborted, type OperationsSamples, type WorkloadContext } from "../workloads/operation-recorder.js";
import { runSingleWorkload } from "../workloads/single.js";
import { countStatements } from "../workloads/statement-counts.js";
import { openTimingClient, type EngineChoice } from "../timing/prepare-engine.js";
import type { CpuMeter } from "./cpu-meter.js";
import type { RunContext } from "./run-context.js";
import type { SessionOptions } from "./target-session.js";

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

/** What every session of a target in this run is started with. */
export function sessionOptionsFor(context: RunContext, targetName: string, env?: Record<string, string>): SessionOptions {
  return {
    databases: context.databases,
    poolSize: context.poolSize,
    logFile: context.logFileFor(targetName),
    readyTimeoutMs: context.readyTimeoutMs,
    signal: context.signal,
    cpus: context.pinning?.targets,
    env,
  };
}

export const logSection = (logFile: string, title: string) => appendFileSync(logFile, `\n===== ${title} (${new Date().toISOString()}) =====\n`);

/** Passed the gate: what the later stages build on. */
export type QualifiedTarget = Extract<TargetResult, { status: "qualified" }>;

/**
 * Everything before timing: database support, toolchain and prepare steps, then the
 * conformance suite on a database of its own. Only a `qualified` target is ever timed.
 * Nothing here throws for a target's fault.
 */
export async function qualifyTarget(target: Target, context: RunContext): Promise<TargetResult> {
  const started = Date.now();
  const { output } = context;
  const name = target.manifest.name;
  const logFile = context.logFileFor(name);
  const common = () => ({ ...describeTarget(target), warnings: [] as string[], log_file: relative(context.resultsDir, logFile), duration_s: Math.round((Date.now() - started) / 100) / 10 });
  const stopped = (reason: string) => ({ ...common(), status: "interrupted" as const, reason, conformance: null });

  if (!target.manifest.databases.includes(context.database)) {
    return { ...common(), status: "skipped", reason: `does not support the ${context.database} database (supports ${target.manifest.databases.join(", ")})` };
  }
  logSection(logFile, "prepare");
  const prepared = await prepareTarget(target, logFile, output, context.signal);
  if (context.signal?.aborted) return stopped("interrupted while preparing");
  if (!prepared.ok) return { ...common(), status: "failed-prepare", reason: prepared.reason };

  logSection(logFile, "conformance");
  output.step(name, "conformance …");
  const tracing = context.databases.statementTracing(`${name}-conformance`);
  const session = await context.launch(target, "conformance", sessionOptionsFor(context, name, tracing?.env));
  if (context.signal?.aborted) {
    if (session.ok) await session.close();
    return stopped("interrupted before conformance");
  }
  if (!session.ok) return { ...common(), status: "failed-start", reason: session.reason };
  const client = new TargetClient(session.target.baseUrl, context.requestTimeoutMs);
  const suite = context.suite;
  let conformance: ConformanceResults;
  let statements: StatementsPerRequest | null = null;
  const warnings: string[] = [];
  try {
    conformance = await runConformance(suite, { client, database: session.database.direct }, (caseResult, index) =>
      output.progress(name, `conformance ${index + 1}/${suite.length} ${caseResult.id}`),
    );
    if (conformance.failed === 0 && tracing && !context.signal?.aborted) {
      try {
        statements = (await countStatements(client, tracing.counter, session.database)) ?? null;
      } catch (error) {
        warnings.push(`statements per request not counted: ${describeError(error)}`);
      }
    }
  } finally {
    await client.close();
    await session.close();
  }
  output.progress(name, `conformance: ${conformance.passed}/${suite.length} passed`, true);
  if (context.signal?.aborted) return { ...stopped("interrupted during conformance"), conformance };
  if (conformance.failed > 0) {
    const failedIds = conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
    return { ...common(), status: "failed-conformance", reason: `${conformance.failed} conformance case(s) failed: ${failedIds.join(", ")}`, conformance };
  }
  return { ...common(), warnings, status: "qualified", conformance, statements_per_request: statements };
}

/** How long a round that failed waits to learn whether its target exited. */
const EXIT_GRACE_MS = 500;

/** How a round's requests are timed, and the meter of the harness's own CPU. */
export interface RoundTiming {
  engine: EngineChoice;
  cpu: CpuMeter;
}

/**
 * One round of one target: what each step produced, and why the round stopped early if it
 * did. Steps finished before a failure are kept — a crash in bulk does not erase single.
 */
export interface RoundOutcome {
  single?: OperationsSamples;
  bulk?: OperationsSamples;
  /** Only from a round that ran to its end: a cut-off round's peak means nothing. */
  memory?: RoundMemory;
  databaseMemory?: RoundMemory;
  failure?: { cause: PartialCause; reason: string };
}

/**
 * One round: a fresh database and a fresh process, idle memory, then the single and bulk
 * workloads, then stop. Timing lives in the workloads; this only arranges them. The harness's
 * CPU is metered over the workloads alone, not the idle window or the start and stop.
 */
export async function measureRound(target: Target, round: number, latency: LatencyConfig, context: RunContext, timing: RoundTiming): Promise<RoundOutcome> {
  const { cpu } = timing;
  const { output } = context;
  const name = target.manifest.name;
  const logFile = context.logFileFor(name);
  logSection(logFile, `benchmark round ${round}`);
  output.step(name, `round ${round}/${latency.rounds} …`);
  const session = await context.launch(target, `round-${round}`, sessionOptionsFor(context, name));
  if (!session.ok) return { failure: { cause: context.signal?.aborted ? "interrupted" : "failed-start", reason: `${session.reason} in round ${round}` } };
  const client = openTimingClient(timing.engine, session.target.baseUrl, context.requestTimeoutMs, logFile);
  const sampler = new MemorySampler(session.target.pid, latency.memory_interval_ms);
  // The database server is sampled apart, so its memory never counts as the target's.
  const serverPid = context.databases.serverPid;
  const databaseSampler = serverPid ? new MemorySampler(serverPid, latency.memory_interval_ms) : undefined;
  const workload: WorkloadContext = {
    client,
    sampler: gateAll([sampler, databaseSampler]),
    targetExited: () => session.target.hasExited(),
    signal: context.signal,
    onProgress: (message, final) => output.progress(name, `round ${round}/${latency.rounds}: ${message}`, final),
  };
  const outcome: RoundOutcome = {};
  try {
    sampler.start();
    databaseSampler?.start();
    await sleep(latency.idle_window_ms);
    sampler.setPhase("load");
    databaseSampler?.setPhase("load");
    cpu.start();
    outcome.single = await runSingleWorkload(workload, { iterations: latency.iterations, warmup: latency.warmup });
    outcome.bulk = await runBulkWorkload(workload, { size: latency.bulk_size, repeats: latency.bulk_repeats, warmup: latency.bulk_warmup });
    cpu.stop();
    const memory = summarizeMemory(sampler.stop());
    const databaseMemory = databaseSampler ? summarizeMemory(databaseSampler.stop()) : undefined;
    if (session.target.hasExited()) {
      outcome.failure = { cause: "crashed", reason: `target exited during round ${round} (${describeExit(await session.target.exited)})` };
      return outcome;
    }
    if (memory) outcome.memory = memory;
    if (databaseMemory) outcome.databaseMemory = databaseMemory;
    return outcome;
  } catch (error) {
    cpu.stop();
    sampler.stop();
    databaseSampler?.stop();
    if (error instanceof WorkloadAborted) {
      // A batch's answer can arrive before the target's exit is seen: give the exit a moment,
      // so a crash is called a crash and not a run of failed requests.
      const exit = error.kind === "interrupted" ? undefined : await Promise.race([session.target.exited, sleep(EXIT_GRACE_MS).then(() => undefined)]);
      const cause = exit && error.kind === "failed-workload" ? "crashed" : error.kind;
      outcome.failure = { cause, reason: `${error.message} in round ${round}${exit ? ` (${describeExit(exit)})` : ""}` };
    } else {
      outcome.failure = { cause: "failed-workload", reason: `round ${round} failed: ${describeError(error)}` };
    }
    return outcome;
  } finally {
    await client.close();
    await session.close();
  }
}
