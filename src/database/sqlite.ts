import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { DirectDatabase, DirectTaskRow } from "../contract/task.js";
import { specDir } from "../paths.js";
import type { DatabaseProvider, ProvisionedDatabase, StatementTracing } from "./provider.js";

export type { ProvisionedDatabase };

/** The connection settings every target applies (spec/README.md), recorded in results. */
export const SQLITE_SETTINGS: Readonly<Record<string, string>> = { journal_mode: "WAL", synchronous: "NORMAL", busy_timeout: "5000", foreign_keys: "ON" };

export function sqliteProvider(workDir: string): DatabaseProvider {
  return {
    kind: "sqlite",
    serverPid: undefined,
    statementTracing: (name) => statementLog(join(workDir, `${name}.sql.log`)),
    // The statement log costs the target a write per statement: fine while checking, not while timing.
    statementMeter: { unavailable: "SQLite has no server-side statement statistics, and a statement log written by the target would slow the requests it times" },
    create: async (name) => createSqliteDatabase(join(workDir, `${name}.db`)),
    describe: () => ({ kind: "sqlite", version: sqliteVersion(), managed: true, settings: { ...SQLITE_SETTINGS } }),
    close: async () => {},
  };
}

/**
 * SQLite has no server to count statements, so the target's driver writes one line per
 * statement to CRUDBENCH_SQL_LOG (spec/README.md); the count is the lines added.
 */
function statementLog(path: string): StatementTracing {
  writeFileSync(path, "");
  const lines = () => readFileSync(path, "utf8").split("\n").length - 1;
  let mark = 0;
  return {
    env: { CRUDBENCH_SQL_LOG: path },
    counter: {
      reset: async () => {
        mark = lines();
      },
      count: async () => lines() - mark,
    },
  };
}

function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (db.prepare("SELECT sqlite_version() AS version").get() as { version: string }).version;
  } finally {
    db.close();
  }
}

/**
 * A fresh SQLite file from spec/schema/sqlite.sql, in WAL mode (which persists in the
 * file), so every target run starts from the same empty state.
 */
export function createSqliteDatabase(path: string): ProvisionedDatabase {
  removeDatabaseFiles(path);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.exec(readFileSync(join(specDir, "schema", "sqlite.sql"), "utf8"));
  const insert = db.prepare<[string, string, number, string, string]>(
    "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
  );
  const direct: DirectDatabase = {
    insertTask: async (row: DirectTaskRow) => Number(insert.run(row.title, row.description, row.completed ? 1 : 0, row.created_at, row.updated_at).lastInsertRowid),
  };
  return {
    url: `sqlite://${path}`,
    path,
    direct,
    dispose: async () => {
      db.close();
      removeDatabaseFiles(path);
    },
  };
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(path + suffix)) rmSync(path + suffix);
}
