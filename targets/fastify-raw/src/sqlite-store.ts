import { openSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import type { TaskInput } from "./input.js";
import { COLUMNS, type DbClock, type Task, type TaskStore } from "./store.js";

interface TaskRow {
  id: number;
  title: string;
  description: string;
  completed: number;
  created_at: string;
  updated_at: string;
}

/**
 * SQLite through one better-sqlite3 handle. better-sqlite3 is synchronous, so every method
 * returns its value directly (no Promise): the routes answer without awaiting anything.
 * Every query is a statement prepared once, at start-up, and bound per request.
 */
export class SqliteTaskStore implements TaskStore {
  private readonly insertStatement;
  private readonly selectStatement;
  private readonly listStatement;
  private readonly updateStatement;
  private readonly deleteStatement;

  static open(databaseUrl: string): SqliteTaskStore {
    const db = new Database(databaseUrl.slice("sqlite://".length), { fileMustExist: true, verbose: statementLog() });
    // The settings of spec/README.md, the same for every target.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    return new SqliteTaskStore(db);
  }

  constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare<[string, string, number, string, string], TaskRow>(
      `INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    );
    this.selectStatement = db.prepare<[number | bigint], TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE id = ?`);
    this.listStatement = db.prepare<[number, number], TaskRow>(`SELECT ${COLUMNS} FROM tasks ORDER BY id LIMIT ? OFFSET ?`);
    this.updateStatement = db.prepare<[string, string, number, string, number | bigint], TaskRow>(
      `UPDATE tasks SET title = ?, description = ?, completed = ?, updated_at = ? WHERE id = ? RETURNING ${COLUMNS}`,
    );
    this.deleteStatement = db.prepare<[number | bigint]>("DELETE FROM tasks WHERE id = ?");
  }

  // Server-Timing `db`: each method reads the clock just before and just after its one
  // better-sqlite3 call. That call is synchronous and does all of the driver's work — binding,
  // executing the statement and fetching its rows — so the difference is exactly the time
  // inside the driver; turning rows into Tasks (toTask) is outside it.

  create(input: TaskInput, now: string, clock: DbClock): Task {
    const start = performance.now();
    const row = this.insertStatement.get(input.title, input.description, input.completed ? 1 : 0, now, now)!;
    clock.dbMs += performance.now() - start;
    return toTask(row);
  }

  get(id: number | bigint, clock: DbClock): Task | undefined {
    const start = performance.now();
    const row = this.selectStatement.get(id);
    clock.dbMs += performance.now() - start;
    return row && toTask(row);
  }

  list(limit: number, offset: number, clock: DbClock): Task[] {
    const start = performance.now();
    const rows = this.listStatement.all(limit, offset);
    clock.dbMs += performance.now() - start;
    return rows.map(toTask);
  }

  replace(id: number | bigint, input: TaskInput, now: string, clock: DbClock): Task | undefined {
    const start = performance.now();
    const row = this.updateStatement.get(input.title, input.description, input.completed ? 1 : 0, now, id);
    clock.dbMs += performance.now() - start;
    return row && toTask(row);
  }

  delete(id: number | bigint, clock: DbClock): boolean {
    const start = performance.now();
    const { changes } = this.deleteStatement.run(id);
    clock.dbMs += performance.now() - start;
    return changes > 0;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The statement log of spec/README.md: with CRUDBENCH_SQL_LOG set, better-sqlite3's `verbose`
 * hook, which it calls with the SQL of every statement it executes (every run of a prepared
 * statement, not only its preparation), appends one line to that file with a synchronous
 * write, so the line is in the file before the response goes out. Unset: no hook at all.
 */
function statementLog(): ((sql?: unknown) => void) | undefined {
  const path = process.env.CRUDBENCH_SQL_LOG;
  if (!path) return undefined;
  const fd = openSync(path, "a");
  return (sql) => writeSync(fd, `${String(sql).replace(/[\r\n]/g, " ")}\n`);
}

function toTask(row: TaskRow): Task {
  return { ...row, completed: row.completed === 1 };
}
