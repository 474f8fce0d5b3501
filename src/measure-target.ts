import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Output } from "./console/output.js";
import { runConformance } from "./conformance/runner.js";
import { conformanceSuite } from "./conformance/suite.js";
import type { ConformanceCase } from "./conformance/case.js";
import { describeError } from "./errors.js";
import { TargetClient } from "./http/client.js";
import { MemorySampler } from "./lifecycle/memory-sampler.js";
import { describeExit } from "./lifecycle/target-process.js";
import { CRUD_OPERATIONS, type ConformanceResults, type RunConfigRecord, type TargetDescription, type TargetResult } from "./results/types.js";
import { summarizeMemory } from "./stats/memory.js";
import { openSession } from "./target-session.js";
import type { Target } from "./targets/manifest.js";
import { prepareTarget } from "./targets/prepare.js";
import { runBulkWorkload } from "./workloads/bulk.js";
import { WorkloadAborted, type WorkloadContext } from "./workloads/operation-recorder.js";
import { runSingleWorkload } from "./workloads/single.js";

export interface MeasureOptions {
  config: RunConfigRecord;
  workDir: string;
  resultsDir: string;
  logFile: string;
  output: Output;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  /** Replaces the conformance suite (tests use small ones). */
  suite?: readonly ConformanceCase[];
  /** Skip the benchmark: prepare and conformance only (`crudbench check`). */
  checkOnly?: boolean;
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

/**
 * One target, start to finish: prepare → conformance on its own database → benchmark on a
 * fresh database and a fresh process (idle memory, single, bulk) → stop. Every failure
 * becomes the target's status; nothing here throws for a target's fault.
 */
export async function measureTarget(target: Target, options: MeasureOptions): Promise<TargetResult> {
  const started = Date.now();
  const name = target.manifest.name;
  const { output, config } = options;
  const base = { ...describeTarget(target), log_file: relative(options.resultsDir, options.logFile) };
  const finish = (fields: Omit<TargetResult, keyof TargetDescription | "duration_s" | "log_file">): TargetResult => ({
    ...base,
    ...fields,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
  });
  const logSection = (title: string) => appendFileSync(options.logFile, `\n===== ${title} (${new Date().toISOString()}) =====\n`);

  if (!target.manifest.databases.includes(config.database)) {
    return finish({ status: "skipped", reason: `does not support the ${config.database} database (supports ${target.manifest.databases.join(", ")})` });
  }

  logSection("prepare");
  const prepared = await prepareTarget(target, options.logFile, output, options.signal);
  if (!prepared.ok) return finish({ status: "failed-prepare", reason: prepared.reason });
  if (options.signal?.aborted) return finish({ status: "interrupted", reason: "interrupted before conformance" });

  const sessionOptions = {
    database: config.database,
    workDir: options.workDir,
    logFile: options.logFile,
    ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };

  logSection("conformance");
  output.step(name, "conformance …");
  const checkSession = await openSession(target, "conformance", sessionOptions);
  const startFailure = (reason: string) => ({ status: options.signal?.aborted ? ("interrupted" as const) : ("failed-start" as const), reason });
  if (!checkSession.ok) return finish(startFailure(checkSession.reason));
  let conformance: ConformanceResults;
  const checkClient = new TargetClient(checkSession.target.baseUrl, config.request_timeout_ms);
  try {
    const suite = options.suite ?? conformanceSuite;
    conformance = await runConformance(suite, { client: checkClient, database: checkSession.database.direct }, (result, index) =>
      output.progress(name, `conformance ${index + 1}/${suite.length} ${result.id}`),
    );
  } finally {
    await checkClient.close();
    await checkSession.close();
  }
  output.progress(name, `conformance: ${conformance.passed}/${conformance.passed + conformance.failed} passed`, true);
  if (conformance.failed > 0) {
    const failedIds = conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
    return finish({ status: "failed-conformance", reason: `${conformance.failed} conformance case(s) failed: ${failedIds.join(", ")}`, conformance });
  }
  if (options.checkOnly) return finish({ status: "measured", conformance });
  if (options.signal?.aborted) return finish({ status: "interrupted", reason: "interrupted after conformance", conformance });

  logSection("benchmark");
  const session = await openSession(target, "benchmark", sessionOptions);
  if (!session.ok) return finish({ ...startFailure(session.reason), conformance });
  const client = new TargetClient(session.target.baseUrl, config.request_timeout_ms);
  const sampler = new MemorySampler(session.target.pid, config.memory_interval_ms);
  const context: WorkloadContext = {
    client,
    sampler,
    targetExited: () => session.target.hasExited(),
    signal: options.signal,
    onProgress: (message, final) => output.progress(name, message, final),
  };
  try {
    sampler.start();
    output.progress(name, `idle memory (${config.idle_window_ms} ms)`);
    await sleep(config.idle_window_ms);
    sampler.setPhase("load");
    const single = await runSingleWorkload(context, { iterations: config.iterations, warmup: config.warmup });
    const bulk = await runBulkWorkload(context, { size: config.bulk_size, repeats: config.bulk_repeats, warmup: config.bulk_warmup });
    const memory = summarizeMemory(sampler.stop(), config.memory_interval_ms);
    if (session.target.hasExited()) {
      return finish({ status: "crashed", reason: `target exited during the benchmark (${describeExit(await session.target.exited)})`, conformance, single, bulk, ...(memory ? { memory } : {}) });
    }
    const errors = CRUD_OPERATIONS.reduce((sum, operation) => sum + single[operation].errors + bulk[operation].errors, 0);
    return finish({
      status: "measured",
      ...(errors > 0 ? { reason: `${errors} request(s) failed validation during the benchmark` } : {}),
      conformance,
      single,
      bulk,
      ...(memory ? { memory } : {}),
    });
  } catch (error) {
    sampler.stop();
    if (error instanceof WorkloadAborted) {
      const exitNote = session.target.hasExited() ? ` (${describeExit(await session.target.exited)})` : "";
      return finish({ status: error.kind, reason: `${error.message}${exitNote}`, conformance });
    }
    return finish({ status: "failed-workload", reason: `benchmark failed: ${describeError(error)}`, conformance });
  } finally {
    await client.close();
    await session.close();
  }
}
