import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import type { ConformanceCase } from "../conformance/case.js";
import { conformanceSuite } from "../conformance/suite.js";
import { openDatabaseProvider } from "../database/open-provider.js";
import type { DatabaseProvider } from "../database/provider.js";
import { pinHarness, type CpuPinning } from "../lifecycle/cpu-pinning.js";
import type { DatabaseKind } from "../targets/manifest.js";
import { openRemoteSession, openSession, type Launcher } from "./target-session.js";

/**
 * Everything the stages of a run share, built once: the databases, the scratch folder, where
 * logs go, the CPUs, the timeouts, the stop signal, and how a target is launched. Each stage
 * takes what it needs from here instead of options spread from call to call.
 */
export interface RunContext {
  database: DatabaseKind;
  databases: DatabaseProvider;
  /** Scratch space (SQLite files, wrk scripts); removed on close. */
  workDir: string;
  /** The results folder (a scratch folder for `check`); targets' output goes to its `logs/<target>.log`. */
  resultsDir: string;
  output: Output;
  signal: AbortSignal | undefined;
  /** CPUs of harness and targets when pinned; undefined when they share. */
  pinning: CpuPinning | undefined;
  /** Per-request timeout of every client the harness opens. */
  requestTimeoutMs: number;
  /** DATABASE_POOL_SIZE for every target process. */
  poolSize: number;
  /** Overrides each manifest's readiness timeout (tests use short ones). */
  readyTimeoutMs: number | undefined;
  suite: readonly ConformanceCase[];
  /** Starts a target on a fresh database: real processes by default; tests pass an in-process fake. */
  launch: Launcher;
  /** `logs/` of the results folder: every log of the run, one file per target or tool. */
  logsDir: string;
  logFileFor(targetName: string): string;
  /** The run id, also the prefix of every database the run creates. */
  runId: string;
}

export interface RunContextRequest {
  database: DatabaseKind;
  /** Undefined: a scratch folder that is removed with the context. */
  resultsDir: string | undefined;
  output: Output;
  signal?: AbortSignal | undefined;
  /** Pin the harness and the targets to separate CPUs when possible. */
  pin: boolean;
  requestTimeoutMs: number;
  poolSize: number;
  runId: string;
  readyTimeoutMs?: number | undefined;
  suite?: readonly ConformanceCase[] | undefined;
  launch?: Launcher | undefined;
}

/** Opens the shared context (a PostgreSQL cluster may take seconds); `close` undoes it all. */
export async function openRunContext(request: RunContextRequest): Promise<RunContext & { close(): Promise<void> }> {
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-"));
  const resultsDir = request.resultsDir ?? workDir;
  const logsDir = join(resultsDir, "logs");
  let databases: DatabaseProvider;
  try {
    mkdirSync(logsDir, { recursive: true });
    if (request.database === "postgres") request.output.info(process.env.DATABASE_URL ? "PostgreSQL: using the server of DATABASE_URL" : "PostgreSQL: starting a throwaway cluster …");
    databases = await openDatabaseProvider(request.database, workDir, request.runId);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  return {
    database: request.database,
    databases,
    workDir,
    resultsDir,
    output: request.output,
    signal: request.signal,
    pinning: request.pin ? pinHarness() : undefined,
    requestTimeoutMs: request.requestTimeoutMs,
    poolSize: request.poolSize,
    readyTimeoutMs: request.readyTimeoutMs,
    suite: request.suite ?? conformanceSuite,
    // A remote target is never launched: every stage gets the same stand-in session for it.
    launch: (target, purpose, options) => (target.remote ? openRemoteSession(target, options) : (request.launch ?? openSession)(target, purpose, options)),
    runId: request.runId,
    logsDir,
    logFileFor: (targetName) => join(logsDir, `${targetName}.log`),
    close: async () => {
      try {
        await databases.close();
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}

/** A run id that sorts by time and is safe in a path: 2026-11-26T10-17-07Z. */
export function runIdFor(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replaceAll(":", "-");
}
