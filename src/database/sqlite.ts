import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { DirectDatabase, DirectTaskRow } from "../conformance/case.js";
import { specDir } from "../paths.js";

export interface ProvisionedDatabase {
  /** DATABASE_URL handed to the target. */
  url: string;
  /** The file path ({databasePath}); empty for server databases. */
  path: string;
  direct: DirectDatabase;
  /** Closes the harness's connection and removes the database. */
  dispose(): Promise<void>;
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
