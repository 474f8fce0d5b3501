import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import type { ConformanceCase } from "../conformance/case.js";
import { describeError, ExitCode } from "../errors.js";
import { openDatabaseProvider } from "../database/open-provider.js";
import type { DatabaseProvider } from "../database/provider.js";
import { pinHarness, type CpuPinning } from "../lifecycle/cpu-pinning.js";
import { calibrateGenerators } from "../load/calibration.js";
import { measureLoad, type LoadConfig } from "./measure-load.js";
import { measureRound, qualifyTarget, type TargetRunOptions } from "./measure-target.js";
import { aggregateRounds, buildComparisons, emptyRounds, type TargetRounds } from "../stats/aggregate.js";
import { describeEnvironment } from "../results/environment.js";
import { CRUD_OPERATIONS, RESULTS_SCHEMA_VERSION, type Results, type RunConfigRecord, type TargetResult } from "../results/types.js";
import { ensureWritableDir, updateLatest } from "../results/writer.js";
import { writeResultsFile, writeRunArtefacts } from "../report/write-artefacts.js";
import { discoverTargets, selectTargets } from "../targets/discovery.js";
import type { Target } from "../targets/manifest.js";
import { toolVersion } from "../version.js";

export interface RunRequest {
  config: Omit<RunConfigRecord, "targets" | "cpu_pinning" | "database_server">;
  targetNames: string[] | undefined;
  targetsDir: string;
  /** `results/` root; the run goes to <root>/<run id>/ and <root>/latest points at it. */
  resultsRoot: string;
  /** Write straight into this folder instead (no `latest`). */
  outDir: string | undefined;
  /** Pin harness and targets to separate CPUs when possible. */
  pin: boolean;
  /** The load stage (`crudbench load`, `run --load`): throughput under concurrency. */
  load?: Omit<LoadConfig, "workDir" | "harnessCpus">;
  output: Output;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  suite?: readonly ConformanceCase[];
}

export interface RunOutcome {
  results: Results;
  runDir: string;
  exitCode: number;
}

/** A run id that sorts by time and is safe in a path: 2026-11-26T10-17-07Z. */
export function runIdFor(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replaceAll(":", "-");
}

interface Entry {
  target: Target;
  result: TargetResult;
  rounds: TargetRounds;
  options: TargetRunOptions;
}

/**
 * The run, step by step: targets → prepare and check each → R rounds, targets interleaved
 * (A B C A B C …, so drift of a shared machine hits all alike), each round a fresh process
 * → statistics → results.json rewritten after every step (so a later failure or Ctrl-C
 * loses nothing) and the reports after every round.
 */
export async function runBenchmark(request: RunRequest): Promise<RunOutcome> {
  const { output, signal } = request;
  const targets = selectTargets(discoverTargets(request.targetsDir), request.targetNames);
  const startedAt = new Date();
  const runId = runIdFor(startedAt);
  const runDir = request.outDir ?? join(request.resultsRoot, runId);
  ensureWritableDir(runDir);
  mkdirSync(join(runDir, "logs"), { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-"));
  const environment = describeEnvironment();
  let databases: DatabaseProvider;
  try {
    if (request.config.database === "postgres") output.info(process.env.DATABASE_URL ? "PostgreSQL: using the server of DATABASE_URL" : "PostgreSQL: starting a throwaway cluster …");
    databases = await openDatabaseProvider(request.config.database, workDir, runId);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const pinning = request.pin ? pinHarness() : undefined;

  const results: Results = {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: toolVersion() },
    run: { id: runId, started_at: startedAt.toISOString(), finished_at: null, status: "running", harness_cpu_percent: null },
    environment,
    config: { ...request.config, database_server: serverDescription(databases), targets: targets.map((t) => t.manifest.name), cpu_pinning: pinning ?? null },
    targets: [],
    comparisons: [],
  };
  const { config } = results;
  output.info(`crudbench ${results.tool.version}: ${targets.length} target(s) on ${config.database}, ${config.rounds} round(s), results in ${runDir}`);
  if (!pinning) output.warn("harness and targets share CPUs (no taskset, one CPU, or --no-pin): the load generator competes with the target");
  // Every measured step rewrites results.json; the statistics across targets and the
  // rendered reports (about a second of work) are refreshed after each whole round.
  const saveResults = () => writeResultsFile(runDir, results);
  const save = async () => {
    results.comparisons = buildComparisons(results.targets, config);
    await writeRunArtefacts(runDir, results, output);
  };
  await save();

  const entries: Entry[] = [];
  try {
    for (const target of targets) {
      if (signal?.aborted) break;
      const options: TargetRunOptions = {
        config,
        databases,
        resultsDir: runDir,
        logFile: join(runDir, "logs", `${target.manifest.name}.log`),
        output,
        ...(signal ? { signal } : {}),
        ...(request.readyTimeoutMs !== undefined ? { readyTimeoutMs: request.readyTimeoutMs } : {}),
        ...(request.suite ? { suite: request.suite } : {}),
        ...(pinning ? { cpus: pinning.targets } : {}),
      };
      const result = await qualifyTarget(target, options);
      results.targets.push(result);
      entries.push({ target, result, rounds: emptyRounds(), options });
      if (result.status !== "measured") reportTargetOutcome(output, result);
      saveResults();
    }
    await save();

    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    for (let round = 1; round <= config.rounds && !signal?.aborted; round++) {
      for (const entry of entries) {
        if (entry.result.status !== "measured" || signal?.aborted) continue;
        const started = Date.now();
        const outcome = await measureRound(entry.target, round, entry.options);
        if (outcome.ok) {
          entry.rounds.single.push(outcome.single);
          entry.rounds.bulk.push(outcome.bulk);
          if (outcome.memory) entry.rounds.memory.push(outcome.memory);
          if (outcome.databaseMemory) entry.rounds.databaseMemory.push(outcome.databaseMemory);
        } else {
          entry.result.status = outcome.status;
          entry.result.reason = outcome.reason;
          reportTargetOutcome(output, entry.result);
        }
        Object.assign(entry.result, aggregateRounds(entry.rounds, config));
        entry.result.duration_s = Math.round((entry.result.duration_s + (Date.now() - started) / 1000) * 10) / 10;
        saveResults();
      }
      await save();
    }
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    if (config.rounds > 0) results.run.harness_cpu_percent = wallMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10 : null;

    if (request.load && !signal?.aborted && entries.some((entry) => entry.result.status === "measured")) {
      await runLoadStage(request.load, entries, { workDir, runDir, output, pinning, ...(signal ? { signal } : {}) }, results);
      await save();
    }
  } finally {
    await databases.close();
    rmSync(workDir, { recursive: true, force: true });
  }

  for (const entry of entries) {
    if (entry.result.status === "measured") {
      const { single, bulk } = entry.result;
      const errors = CRUD_OPERATIONS.reduce((sum, op) => sum + (single?.[op].errors ?? 0) + (bulk?.[op].errors ?? 0), 0);
      if (errors > 0) entry.result.reason = `${errors} request(s) failed validation during the benchmark`;
      reportTargetOutcome(output, entry.result);
    }
  }
  results.run.finished_at = new Date().toISOString();
  results.run.status = signal?.aborted ? "interrupted" : "complete";
  await save();
  if (!request.outDir) updateLatest(request.resultsRoot, runDir);
  output.info(`results: ${join(runDir, "results.json")}\nreport:  ${join(runDir, "report.md")}\n         ${join(runDir, "report.html")}`);
  return { results, runDir, exitCode: exitCodeFor(results) };
}

/** Calibration of the generators, then the load levels of every target still measured. */
async function runLoadStage(
  load: NonNullable<RunRequest["load"]>,
  entries: Entry[],
  context: { workDir: string; runDir: string; output: Output; pinning: CpuPinning | undefined; signal?: AbortSignal },
  results: Results,
): Promise<void> {
  const { output } = context;
  const config: LoadConfig = { ...load, workDir: context.workDir, ...(context.pinning ? { harnessCpus: context.pinning.harness } : {}) };
  output.info(`load: calibrating the generators against a bare echo server (${Math.max(...load.levels)} connections) …`);
  try {
    results.calibration = await calibrateGenerators({
      workDir: context.workDir,
      logFile: join(context.runDir, "logs", "calibration.log"),
      connections: Math.max(...load.levels),
      durationMs: load.durationMs,
      warmupMs: load.warmupMs,
      timeoutMs: results.config.request_timeout_ms,
      useWrk: load.useWrk,
      ...(context.pinning ? { targetCpus: context.pinning.targets, harnessCpus: context.pinning.harness } : {}),
    });
    for (const level of results.calibration) output.info(`load: ${level.generator} ceiling ${level.achieved_rps} req/s`);
  } catch (error) {
    output.warn(`generator calibration failed: ${describeError(error)}`);
  }
  for (const entry of entries) {
    if (entry.result.status !== "measured" || context.signal?.aborted) continue;
    const started = Date.now();
    const outcome = await measureLoad(entry.target, entry.options, config);
    entry.result.duration_s = Math.round((entry.result.duration_s + (Date.now() - started) / 1000) * 10) / 10;
    if (outcome.ok) entry.result.load = outcome.load;
    else {
      entry.result.status = context.signal?.aborted ? "interrupted" : "failed-workload";
      entry.result.reason = outcome.reason;
      reportTargetOutcome(output, entry.result);
    }
  }
}

function serverDescription(databases: DatabaseProvider): RunConfigRecord["database_server"] {
  const { version, managed, settings } = databases.describe();
  return { version, managed, settings };
}

export function exitCodeFor(results: Results): number {
  if (results.run.status === "interrupted") return ExitCode.interrupted;
  const allGood = results.targets.every((t) => (t.status === "measured" && t.reason === undefined) || t.status === "skipped");
  return allGood ? ExitCode.ok : ExitCode.targetFailed;
}

function reportTargetOutcome(output: Output, result: TargetResult): void {
  if (result.status === "measured" && !result.reason) output.success(`[${result.name}] measured: ${[result.rounds_completed ? `${result.rounds_completed} round(s)` : "", result.load ? "load" : ""].filter(Boolean).join(" and ")} in ${result.duration_s} s`);
  else if (result.status === "measured" || result.status === "skipped") output.warn(`[${result.name}] ${result.status}: ${result.reason}`);
  else output.error(`[${result.name}] ${result.status}: ${result.reason ?? "unknown reason"}`, result.log_file ? `target output: ${result.log_file}` : undefined);
}
