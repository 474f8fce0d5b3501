import type { DatabaseKind } from "../targets/manifest.js";
import { postgresProvider } from "./postgres.js";
import type { DatabaseProvider } from "./provider.js";
import { sqliteProvider } from "./sqlite.js";

/** Connections each target server process may open; the same for every target. */
export const DEFAULT_POOL_SIZE = 4;

/**
 * The run's databases: SQLite files in the scratch folder, or PostgreSQL — the server of
 * DATABASE_URL when set, else a throwaway cluster crudbench starts itself.
 */
export function openDatabaseProvider(kind: DatabaseKind, workDir: string, runId: string, env: NodeJS.ProcessEnv = process.env): Promise<DatabaseProvider> {
  if (kind === "sqlite") return Promise.resolve(sqliteProvider(workDir));
  return postgresProvider(env.DATABASE_URL || undefined, runId);
}
