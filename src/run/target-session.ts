import type { DatabaseProvider, ProvisionedDatabase } from "../database/provider.js";
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

export type Session = { ok: true; target: RunningTarget; database: ProvisionedDatabase; close(): Promise<void> } | { ok: false; reason: string };

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
