import { join } from "node:path";
import { createSqliteDatabase, type ProvisionedDatabase } from "./database/sqlite.js";
import { CrudbenchError } from "./errors.js";
import { startTarget, type RunningTarget } from "./lifecycle/target-process.js";
import type { DatabaseKind, Target } from "./targets/manifest.js";

export interface SessionOptions {
  database: DatabaseKind;
  /** Scratch folder for database files. */
  workDir: string;
  logFile: string;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  /** taskset CPU list for the target, when pinning. */
  cpus?: string;
}

export type Session = { ok: true; target: RunningTarget; database: ProvisionedDatabase; close(): Promise<void> } | { ok: false; reason: string };

/**
 * A started target on a fresh database of its own. `purpose` names the database file, so a
 * conformance run and a benchmark run never share state.
 */
export async function openSession(target: Target, purpose: string, options: SessionOptions): Promise<Session> {
  if (options.database !== "sqlite") {
    throw new CrudbenchError(`database "${options.database}" is not supported yet`, { hint: "use --db sqlite" });
  }
  const database = createSqliteDatabase(join(options.workDir, `${target.manifest.name}-${purpose}.db`));
  const started = await startTarget(target, {
    databaseUrl: database.url,
    databasePath: database.path,
    logFile: options.logFile,
    ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cpus ? { cpus: options.cpus } : {}),
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
