import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { unknownTargets, type ClaimsFile } from "../claims/claim-spec.js";
import { anyRefuted, evaluateClaims } from "../claims/evaluate-claims.js";
import type { Output } from "../console/output.js";
import type { ConformanceCase } from "../conformance/case.js";
import { describeError, ExitCode } from "../errors.js";
import { calibrateGenerators } from "../load/calibration.js";
import { isClean } from "../results/target-outcome.js";
import { describeEnvironment } from "../results/environment.js";
import { RESULTS_SCHEMA_VERSION, type LatencyConfig, type LoadPlan, type Results, type TargetResult } from "../results/types.js";
import { ensureWritableDir, updateLatest } from "../results/writer.js";
import { claimsSummaryLine } from "../report/claims-report.js";
import { writeResultsFile, writeRunArtefacts } from "../report/write-artefacts.js";
import { buildComparisons, controlResult } from "../stats/comparisons.js";
import { sizingOf } from "../stats/sizing.js";
import { combineSessionMemory, type SessionMemory } from "../stats/memory.js";
import { emptySessions, type StatisticsConfig } from "./aggregate-sessions.js";
import { blockOrders } from "./block-order.js";
import { measureSession } from "./measure-session.js";
import { CONTROL_NAMES } from "./session-units.js";
import { requireDatabaseSupport } from "../targets/discovery.js";
import { chooseTargets, localDatabase, remoteOnlyDatabaseNote } from "../targets/remote.js";
import type { DatabaseKind } from "../targets/manifest.js";
import { toolVersion } from "../version.js";
import { prepareEngine, type EngineChoice } from "../timing/prepare-engine.js";
import { CpuMeter } from "./cpu-meter.js";
import { measureHarnessFloor } from "./harness-floor.js";
import { measureLoad } from "./measure-load.js";
import { qualifyTarget } from "./measure-target.js";
import { composeResult, isComplete, neverMeasured, type MeasuringEntry } from "./compose-result.js";
import { openRunContext, runIdFor, type RunContext } from "./run-context.js";
import type { Launcher } from "./target-session.js";

/** During a session results.json is rewritten after a block at most this often. */
const BLOCK_SAVE_INTERVAL_MS = 1000;

export interface RunRequest {
  database: DatabaseKind;
  /** The latency sessions; null for a load-only run. */
  latency: LatencyConfig | null;
  /** The load stage; null when not asked for. */
  load: LoadPlan | null;
  statistics: StatisticsConfig;
  requestTimeoutMs: number;
  poolSize: number;
  targetNames: string[] | undefined;
  /** `--url NAME=URL` values: servers started elsewhere, measured alongside (or, without target names, instead of) local ones. */
  urls?: string[] | undefined;
  targetsDir: string;
  /** `results/` root; the run goes to <root>/<run id>/ and <root>/latest points at it. */
  resultsRoot: string;
  /** Write straight into this folder instead (no `latest`). */
  outDir: string | undefined;
  /** Pin harness and targets to separate CPUs when possible. */
  pin: boolean;
  output: Output;
  signal?: AbortSignal | undefined;
  readyTimeoutMs?: number | undefined;
  /** Replaces the conformance suite (tests use small ones). */
  suite?: readonly ConformanceCase[] | undefined;
  /** Replaces real target processes (tests use an in-process fake). */
  launch?: Launcher | undefined;
  /** Claims to check with the run's statistics (`--claims`), already read and validated; evaluated with every write. */
  claims?: ClaimsFile | null | undefined;
  /** Tests of run logic: an engine chosen in advance, and no floor (it needs a real server and wrk). */
  timing?: { engine: EngineChoice; measureFloor: false } | undefined;
}

export interface RunOutcome {
  results: Results;
  runDir: string;
  exitCode: number;
}

/**
 * The run, step by step: targets → prepare and check each → the harness floor → S latency
 * sessions (every target started afresh, one by one, with the echo control, then B blocks of
 * interleaved batches in a seeded, balanced order) → the load stage → paired statistics.
 * results.json is rewritten during a session (at most once a second, after a block), so a
 * later failure or kill loses at most that second, and the reports after every session.
 */
export async function runBenchmark(request: RunRequest): Promise<RunOutcome> {
  const { output, signal } = request;
  const targets = chooseTargets(request.targetsDir, request.targetNames, request.urls);
  requireDatabaseSupport(targets, request.database);
  const startedAt = new Date();
  const runId = runIdFor(startedAt);
  const runDir = request.outDir ?? join(request.resultsRoot, runId);
  ensureWritableDir(runDir);
  const { pin, requestTimeoutMs, poolSize, readyTimeoutMs, suite, launch } = request;
  // With no local target no database is started (SQLite's provider starts nothing and is never asked) and none recorded.
  const database = localDatabase(targets, request.database);
  const remoteOnly = remoteOnlyDatabaseNote(targets, request.database);
  if (remoteOnly) output.info(remoteOnly);
  const context = await openRunContext({ database: database ?? "sqlite", resultsDir: runDir, output, signal, pin, requestTimeoutMs, poolSize, runId, readyTimeoutMs, suite, launch });
  const { version, managed, settings } = context.databases.describe();
  const results: Results = {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: toolVersion() },
    run: { id: runId, started_at: startedAt.toISOString(), finished_at: null, status: "running", harness_cpu_percent: null, timing: null, latency_s: null },
    environment: describeEnvironment(),
    config: {
      database,
      database_server: database === null ? { version: null, managed: false, settings: {} } : { version, managed, settings },
      pool_size: database === null ? null : request.poolSize,
      latency: request.latency,
      load: request.load,
      ...request.statistics,
      cpu_pinning: context.pinning ?? null,
      request_timeout_ms: request.requestTimeoutMs,
      targets: targets.map((t) => t.manifest.name),
    },
    targets: [],
    comparisons: [],
    batches: [],
    control: null,
    database_memory: null,
    claims: null,
    statement_counting:
      database === null
        ? { method: null, reason: "no local target: each remote server uses its own database, which crudbench cannot see" }
        : "totals" in context.databases.statementMeter
          ? { method: context.databases.statementMeter.method, reason: null }
          : { method: null, reason: context.databases.statementMeter.unavailable },
    sizing: null,
    floor: null,
  };
  const stages = [request.latency ? `${request.latency.sessions} session(s) of ${request.latency.blocks} block(s)` : "", request.load ? "the load stage" : ""].filter(Boolean).join(" and ");
  output.info(`crudbench ${results.tool.version}: ${targets.length} target(s) on ${database ?? "their own servers' databases"}, ${stages}, results in ${runDir}`);
  for (const { id, target } of request.claims ? unknownTargets(request.claims, results.config.targets) : []) output.warn(`claim ${id} names ${target}, which this run does not measure: it will be "not measured"`);
  if (!context.pinning) output.warn("harness and targets share CPUs (no taskset, one CPU, or --no-pin): the load generator competes with the target");
  // Blocks rewrite results.json (at most once a second); the rendered reports (about a second
  // of work) are refreshed after each whole session.
  const saveResults = () => writeResultsFile(runDir, results);
  const controlProblems: string[] = [];
  // What is derived from the batches (a few milliseconds) is refreshed with every write, so a
  // file left by a kill mid-session is consistent; the reports are rendered after each session.
  const derive = () => {
    const measured = results.targets.filter((target) => target.status !== "skipped").map((target) => target.name);
    results.comparisons = buildComparisons(results.batches, measured, results.config.noise_threshold);
    results.control = results.batches.length > 0 || controlProblems.length > 0 ? controlOf(results, controlProblems) : null;
    results.sizing = sizingOf(results.batches, measured);
    results.claims = request.claims ? evaluateClaims(request.claims, results) : null;
  };
  const save = async () => {
    derive();
    await writeRunArtefacts(runDir, results, output);
  };

  const entries: MeasuringEntry[] = [];
  const reported = new Set<MeasuringEntry>();
  const cpu = new CpuMeter();
  const settle = (entry: MeasuringEntry) => {
    entry.result = composeResult(entry, request.latency, results.config);
    results.targets[entry.index] = entry.result;
  };
  try {
    // Inside the try: a results folder that fails now must still stop a PostgreSQL cluster.
    await save();
    // The engine is built first: it is the instrument, the floor is measured with it, and it drives the load's closed model.
    const engine = request.latency || request.load ? (request.timing?.engine ?? (await prepareEngine({ logFile: context.logFileFor("engine"), output, signal }))) : undefined;
    if (engine && request.latency) {
      results.run.timing = { engine: engine.engine, fallback_reason: engine.engine === "native" ? null : engine.reason };
      if (engine.engine !== "native") output.warn(`timing with the in-process fallback (undici dispatch), which adds about 0.1 ms to every request: ${engine.reason}`);
    } else if (engine && engine.engine !== "native") output.warn(`the load's closed model runs on crudbench's Node generator, without the native engine: ${engine.reason}`);
    for (const target of targets) {
      if (signal?.aborted) break;
      const result = await qualifyTarget(target, context);
      results.targets.push(result);
      if (result.status === "qualified") entries.push({ target, index: results.targets.length - 1, qualified: result, result, sessions: emptySessions(), load: null, stopped: undefined, measuringSeconds: 0, started: false });
      else reportTargetOutcome(output, result);
      saveResults();
    }
    await save();

    const latency = request.latency;
    if (latency && engine && entries.length > 0 && !signal?.aborted && request.timing?.measureFloor !== false) {
      results.floor = await measureHarnessFloor(engine, context);
      saveResults();
    }
    if (latency && engine && entries.length > 0) {
      const origin = performance.now();
      // One order per block of the whole run, so each design's balance holds across sessions:
      // the read step's over the targets (in results order) and the control's two names, the
      // other steps' over the targets alone.
      const blocks = latency.sessions * latency.blocks;
      const withControl = blockOrders(entries.length + CONTROL_NAMES.length, blocks, latency.order_seed);
      const targetsOnly = blockOrders(entries.length, blocks, latency.order_seed + 1);
      const slice = (orders: number[][], session: number) => orders.slice((session - 1) * latency.blocks, session * latency.blocks);
      const databaseMemory: SessionMemory[] = [];
      let lastBlockSave = performance.now();
      for (let session = 1; session <= latency.sessions && !signal?.aborted && entries.some((entry) => !entry.stopped); session++) {
        const outcome = await measureSession(
          {
            session,
            latency,
            orders: { withControl: slice(withControl, session), targetsOnly: slice(targetsOnly, session) },
            entries,
            engine,
            cpu,
            runOrigin: origin,
            onBatch: (record) => results.batches.push(record),
            onBlock: () => {
              // Composing, deriving and writing the whole file costs tens of milliseconds late
              // in a run (megabytes of batches): once a second at most, and after every session.
              if (performance.now() - lastBlockSave < BLOCK_SAVE_INTERVAL_MS) return;
              lastBlockSave = performance.now();
              entries.forEach(settle);
              derive();
              saveResults();
            },
          },
          context,
        );
        if (outcome.databaseMemory) databaseMemory.push(outcome.databaseMemory);
        if (outcome.controlProblem) controlProblems.push(outcome.controlProblem);
        results.database_memory = combineSessionMemory(databaseMemory, latency.memory_interval_ms) ?? null;
        for (const entry of entries) {
          settle(entry);
          if (entry.stopped && !reported.has(entry)) {
            reported.add(entry);
            reportTargetOutcome(output, entry.result);
          }
        }
        results.run.harness_cpu_percent = cpu.percent();
        results.run.latency_s = Math.round(performance.now() - origin) / 1000;
        await save();
      }
    }

    if (request.load && !signal?.aborted && entries.some((entry) => !entry.stopped)) {
      await runLoadStage(request.load, entries, context, results, engine, (entry) => {
        settle(entry);
        saveResults();
      });
    }
  } finally {
    await context.close();
  }

  for (const entry of entries) {
    // Only an interrupted run leaves stages undone without a reason of their own.
    if (!entry.stopped && !isComplete(entry, results.config)) {
      if (!entry.started) {
        results.targets[entry.index] = neverMeasured(entry, "the run was interrupted before this target was measured");
        reportTargetOutcome(output, results.targets[entry.index]!);
        continue;
      }
      entry.stopped = { cause: "interrupted", reason: "the run was interrupted before this target's measurements were complete" };
    }
    settle(entry);
    if (!reported.has(entry)) reportTargetOutcome(output, entry.result);
  }
  results.run.finished_at = new Date().toISOString();
  results.run.status = signal?.aborted ? "interrupted" : "complete";
  await save();
  if (!request.outDir) updateLatest(request.resultsRoot, runDir);
  if (results.claims) output.info(claimsSummaryLine(results.claims));
  output.info(`results: ${join(runDir, "results.json")}\n         ${join(runDir, "results.csv")}\nreport:  ${join(runDir, "report.md")}\n         ${join(runDir, "report.html")}`);
  return { results, runDir, exitCode: exitCodeFor(results) };
}

/** Calibration of the generators, then the load test of every target still going. */
async function runLoadStage(load: LoadPlan, entries: MeasuringEntry[], context: RunContext, results: Results, engine: EngineChoice | undefined, onMeasured: (entry: MeasuringEntry) => void): Promise<void> {
  const { output } = context;
  const connections = Math.max(...load.levels);
  output.info(`load: calibrating the generators against a bare echo server (${connections} connections) …`);
  try {
    results.calibration = await calibrateGenerators({
      workDir: context.workDir,
      logFile: context.logFileFor("calibration"),
      connections,
      durationMs: load.duration_ms,
      warmupMs: load.warmup_ms,
      timeoutMs: context.requestTimeoutMs,
      useWrk: load.use_wrk,
      // wrk on the echo server with the script the load runs, so its ceiling is of the same work.
      mix: load.mix,
      engine: engine?.engine === "native" ? { binary: engine.binary, logFile: context.logFileFor("calibration-engine") } : undefined,
      locust: load.engine === "locust" ? { workers: load.locust_workers ?? 1 } : undefined,
      targetCpus: context.pinning?.targets,
      harnessCpus: context.pinning?.harness,
    });
    for (const level of results.calibration) output.info(`load: ${level.generator} ceiling ${level.achieved_rps} req/s`);
  } catch (error) {
    output.warn(`generator calibration failed: ${describeError(error)}`);
  }
  for (const entry of entries) {
    if (entry.stopped || context.signal?.aborted) continue;
    const began = Date.now();
    entry.started = true;
    const outcome = await measureLoad(entry.target, context, load, results.calibration ?? [], engine);
    entry.measuringSeconds += (Date.now() - began) / 1000;
    if (outcome.ok) entry.load = outcome.load;
    else entry.stopped = { cause: context.signal?.aborted ? "interrupted" : "failed-workload", reason: outcome.reason };
    onMeasured(entry);
    if (entry.stopped) reportTargetOutcome(output, entry.result);
  }
}

/** 0 when every target finished cleanly (or was skipped) and no claim is refuted; 130 when interrupted; else 1. */
export function exitCodeFor(results: Results): number {
  if (results.run.status === "interrupted") return ExitCode.interrupted;
  return results.targets.every(isClean) && !anyRefuted(results.claims) ? ExitCode.ok : ExitCode.targetFailed;
}

/** The A/A control from this run's batches, and why it is missing where it is. */
function controlOf(results: Results, problems: readonly string[]): Results["control"] {
  const why = problems.length > 0 ? problems.join("; ") : null;
  return controlResult(results.batches, results.config.noise_threshold, why) ?? { measured: false, reason: why ?? "no block measured both of its names" };
}

function reportTargetOutcome(output: Output, result: TargetResult): void {
  const problem = "reason" in result ? result.reason : result.warnings.join("; ");
  if (result.status === "measured" && result.warnings.length === 0) {
    const parts = [result.single ? `${result.sessions_completed} session(s)` : "", result.load ? "load" : ""].filter(Boolean);
    output.success(`[${result.name}] measured: ${parts.join(" and ")} in ${result.duration_s} s`);
  } else if (result.status === "measured" || result.status === "skipped") output.warn(`[${result.name}] ${result.status}: ${problem}`);
  // Stopped on the user's word: nothing went wrong with the target, so no error and no log.
  else if (result.status === "interrupted" || (result.status === "partial" && result.stopped_by === "interrupted")) output.warn(`[${result.name}] ${result.status}: ${problem}`);
  else output.error(`[${result.name}] ${result.status}: ${problem}`, `target output: ${result.log_file}`);
}
