import { existsSync } from "node:fs";
import { MikroORM } from "@mikro-orm/better-sqlite";
import type { Database } from "better-sqlite3";
import { TaskSchema } from "./entity.js";

/** The file of sqlite:///absolute/path.db (the prefix `sqlite://` is stripped). */
export function sqlitePath(databaseUrl: string): string {
  const prefix = "sqlite://";
  if (!databaseUrl.startsWith(prefix)) throw new Error(`unsupported DATABASE_URL ${databaseUrl}: this target supports sqlite only`);
  const path = databaseUrl.slice(prefix.length);
  // better-sqlite3 would create a missing file; crudbench creates it from spec/schema first.
  if (!existsSync(path)) throw new Error(`database file ${path} does not exist (crudbench creates it from spec/schema/sqlite.sql)`);
  return path;
}

// The settings of spec/README.md, the same for every target. This runs once for every
// connection the pool opens (configuration, not request-time SQL).
const PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000", "foreign_keys = ON"];

function applyPragmas(connection: Database, done: (error: Error | null, connection: Database) => void): void {
  try {
    for (const pragma of PRAGMAS) connection.pragma(pragma);
    done(null, connection);
  } catch (error) {
    done(error as Error, connection);
  }
}

export function initOrm(databaseUrl: string): Promise<MikroORM> {
  return MikroORM.init({
    dbName: sqlitePath(databaseUrl),
    entities: [TaskSchema],
    // One connection, as the raw target opens one better-sqlite3 handle: better-sqlite3 is
    // synchronous, so a second connection in the same process could not run in parallel.
    pool: { min: 1, max: 1, afterCreate: applyPragmas },
    // No schema work at all: the harness owns the schema.
    ensureDatabase: false,
    ensureIndexes: false,
    // No file access or metadata cache at start-up: the entity list is explicit.
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true, warnWhenNoEntities: false },
    metadataCache: { enabled: false },
    // No query logging, like the raw target (logging cost is not what is compared).
    debug: false,
    // Each request forks its own EntityManager; the global one must never hold entities.
    allowGlobalContext: false,
  });
}
