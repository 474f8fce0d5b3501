import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Output } from "./console/output.js";
import type { ConformanceCase } from "./conformance/case.js";
import { ExitCode } from "./errors.js";
import { measureTarget } from "./measure-target.js";
import { describeEnvironment } from "./results/environment.js";
import { RESULTS_SCHEMA_VERSION, type Results, type RunConfigRecord, type TargetResult } from "./results/types.js";
import { ensureWritableDir, updateLatest } from "./results/writer.js";
import { writeRunArtefacts } from "./report/write-artefacts.js";
import { discoverTargets, selectTargets } from "./targets/discovery.js";
import type { Target } from "./targets/manifest.js";
import { toolVersion } from "./version.js";

export interface RunRequest {
  config: Omit<RunConfigRecord, "targets">;
  targetNames: string[] | undefined;
  targetsDir: string;
  /** `results/` root; the run goes to <root>/<run id>/ and <root>/latest points at it. */
  resultsRoot: string;
  /** Write straight into this folder instead (no `latest`). */
  outDir: string | undefined;
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

/**
 * The run, step by step: targets → for each: prepare, check, measure → results.json and
 * report.md rewritten after every target, so a later failure or Ctrl-C loses nothing.
 */
export async function runBenchmark(request: RunRequest): Promise<RunOutcome> {
  const { output } = request;
  const targets: Target[] = selectTargets(discoverTargets(request.targetsDir), request.targetNames);
  const startedAt = new Date();
  const runId = runIdFor(startedAt);
  const runDir = request.outDir ?? join(request.resultsRoot, runId);
  ensureWritableDir(runDir);
  mkdirSync(join(runDir, "logs"), { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-"));

  const results: Results = {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: toolVersion() },
    run: { id: runId, started_at: startedAt.toISOString(), finished_at: null, status: "running" },
    environment: describeEnvironment(),
    config: { ...request.config, targets: targets.map((t) => t.manifest.name) },
    targets: [],
  };
  output.info(`crudbench ${results.tool.version}: ${targets.length} target(s) on ${request.config.database}, results in ${runDir}`);
  await writeRunArtefacts(runDir, results, output);

  try {
    for (const target of targets) {
      if (request.signal?.aborted) break;
      const name = target.manifest.name;
      const result: TargetResult = await measureTarget(target, {
        config: results.config,
        workDir,
        resultsDir: runDir,
        logFile: join(runDir, "logs", `${name}.log`),
        output,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.readyTimeoutMs !== undefined ? { readyTimeoutMs: request.readyTimeoutMs } : {}),
        ...(request.suite ? { suite: request.suite } : {}),
      });
      results.targets.push(result);
      reportTargetOutcome(output, result);
      await writeRunArtefacts(runDir, results, output);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  results.run.finished_at = new Date().toISOString();
  results.run.status = request.signal?.aborted ? "interrupted" : "complete";
  await writeRunArtefacts(runDir, results, output);
  if (!request.outDir) updateLatest(request.resultsRoot, runDir);
  output.info(`results: ${join(runDir, "results.json")}\nreport:  ${join(runDir, "report.md")}\n         ${join(runDir, "report.html")}`);
  return { results, runDir, exitCode: exitCodeFor(results) };
}

export function exitCodeFor(results: Results): number {
  if (results.run.status === "interrupted") return ExitCode.interrupted;
  const allGood = results.targets.every((t) => (t.status === "measured" && t.reason === undefined) || t.status === "skipped");
  return allGood ? ExitCode.ok : ExitCode.targetFailed;
}

function reportTargetOutcome(output: Output, result: TargetResult): void {
  if (result.status === "measured" && !result.reason) output.success(`[${result.name}] measured in ${result.duration_s} s`);
  else if (result.status === "measured" || result.status === "skipped") output.warn(`[${result.name}] ${result.status}: ${result.reason}`);
  else output.error(`[${result.name}] ${result.status}: ${result.reason ?? "unknown reason"}`, result.log_file ? `target output: ${result.log_file}` : undefined);
}
