import { performance } from "node:perf_hooks";
import type { DatabaseProvider, ProvisionedDatabase } from "../database/provider.js";
import { describeError } from "../errors.js";
import { TargetClient } from "../http/client.js";
import { startTarget, type RunningTarget } from "../lifecycle/target-process.js";
import type { Target } from "../targets/manifest.js";

export interface SessionOptions {
  databases: DatabaseProvider;
  /** Connections each server process may open (DATABASE_POOL_SIZE). */
  poolSize: number;
  logFile: string;
  readyTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** taskset CPU list for the target, when pinning. */
  cpus?: string | undefined;
  /** Extra environment for the target (statement tracing). */
  env?: Record<string, string>;
}

/**
 * A started target. A remote one (`remote: true`) has no process crudbench could read
 * (`target.pid` is 0 and never read: memory, CPU and statements skip it) and no database of
 * the run's (`database` undefined).
 */
export type Session =
  | { ok: true; remote?: true; target: RunningTarget; database: ProvisionedDatabase | undefined; close(): Promise<void> }
  | { ok: false; reason: string };

/** How a stage gets a running target: `openSession` for real; tests pass an in-process fake. */
export type Launcher = (target: Target, purpose: string, options: SessionOptions) => Promise<Session>;

/**
 * A started target on a fresh database of its own. `purpose` names the database, so a
 * conformance run and each benchmark round never share state.
 */
export async function openSession(target: Target, purpose: string, options: SessionOptions): Promise<Session> {
  const database = await options.databases.create(`${target.manifest.name}-${purpose}`);
  const started = await startTarget(target, {
    databaseUrl: database.url,
    databasePath: database.path,
    poolSize: options.poolSize,
    logFile: options.logFile,
    readyTimeoutMs: options.readyTimeoutMs,
    signal: options.signal,
    cpus: options.cpus,
    env: options.env,
  });
  if (!started.ok) {
    await database.dispose();
    return started;
  }
  return {
    ok: true,
    target: started.target,
    database,
    close: async () => {
      await started.target.stop();
      await database.dispose();
    },
  };
}

/** GET /health on a remote target must answer 200 within this, or it counts as not started. */
const REMOTE_PROBE_MS = 5000;

/**
 * A "session" of a server started elsewhere: nothing is started or stopped, and no database
 * is created; its /health is probed so an unreachable URL fails this target like a local one
 * that does not start.
 */
export async function openRemoteSession(target: Target, options: Pick<SessionOptions, "logFile">): Promise<Session> {
  const url = target.remote!.url;
  const client = new TargetClient(url, REMOTE_PROBE_MS);
  const began = performance.now();
  try {
    const response = await client.send({ method: "GET", path: "/health" });
    if (response.status !== 200) return { ok: false, reason: `remote target ${url}: GET /health answered ${response.status}, not 200` };
  } catch (error) {
    return { ok: false, reason: `remote target ${url} did not answer GET /health: ${describeError(error)}` };
  } finally {
    await client.close();
  }
  const never = new Promise<never>(() => {});
  return {
    ok: true,
    remote: true,
    target: { pid: 0, port: Number(new URL(url).port), baseUrl: url, logFile: options.logFile, spawnedAt: began, readyMs: performance.now() - began, exited: never, hasExited: () => false, stop: async () => {} },
    database: undefined,
    close: async () => {},
  };
}
