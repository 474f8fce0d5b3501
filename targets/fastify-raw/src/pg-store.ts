import pg from "pg";
import type { TaskInput } from "./input.js";
import { COLUMNS, type DbClock, type Task, type TaskStore } from "./store.js";

interface TaskRow {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: Date;
  updated_at: Date;
}

// Result parsing for this pool only (not node-postgres' global parsers): int8 (`id`, a
// BIGINT identity) comes back as a JSON-able number instead of node-postgres' default
// string. Identity values stay far below 2^53, and ids that do not fit a number never reach
// a result: they only ever appear as parameters, which are sent as text.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// Named statements: node-postgres parses each one once per connection (the first time that
// connection runs it) and afterwards only binds and executes it, as better-sqlite3's
// prepared statements do on SQLite.
const INSERT = {
  name: "task_insert",
  text: `INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
};
const SELECT = { name: "task_select", text: `SELECT ${COLUMNS} FROM tasks WHERE id = $1` };
const LIST = { name: "task_list", text: `SELECT ${COLUMNS} FROM tasks ORDER BY id LIMIT $1 OFFSET $2` };
const UPDATE = {
  name: "task_update",
  text: `UPDATE tasks SET title = $1, description = $2, completed = $3, updated_at = $4 WHERE id = $5 RETURNING ${COLUMNS}`,
};
const DELETE = { name: "task_delete", text: "DELETE FROM tasks WHERE id = $1" };

/**
 * PostgreSQL through a node-postgres `Pool` of at most DATABASE_POOL_SIZE connections. Each
 * method is one statement on whichever pooled connection is free (`query` below checks a
 * connection out and back in around it, as `pool.query` does); there are no explicit
 * transactions, since every operation is a single statement and so its own transaction.
 *
 * Timestamps: the route passes the instant as the contract's text (`…T…:…:….mmmZ`), which
 * PostgreSQL parses exactly into the `timestamptz` column; node-postgres returns the column
 * as a `Date` (millisecond precision), and `toISOString()` renders it back in that format —
 * for rows inserted by anyone else (the schema default truncates to milliseconds) too.
 */
export class PgTaskStore implements TaskStore {
  static async open(databaseUrl: string, poolSize: number): Promise<PgTaskStore> {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolSize,
      // Keep one connection open while idle, as fastify-orm's pool does (min 1).
      min: 1,
      types,
    });
    // An idle connection that fails (e.g. the server restarts) is dropped by the pool; without
    // a listener the 'error' event would end the process.
    pool.on("error", (error) => console.error("idle PostgreSQL connection failed:", error.message));
    // The same for a connection that fails while checked out: node-postgres also rejects the
    // query it was running with that error, and `query` then releases the connection with the
    // error, which makes the pool discard it (what `pool.query` does with its own listener).
    pool.on("connect", (client) => client.on("error", ignoreCheckedOutError));
    // Fail at start-up, not on the first request, when the server cannot be reached.
    (await pool.connect()).release();
    return new PgTaskStore(pool);
  }

  constructor(private readonly pool: pg.Pool) {}

  /**
   * `pool.query`, with the request's time inside node-postgres measured (Server-Timing `db`):
   * the clock starts once a connection is checked out — waiting for a free pooled connection
   * is not database time — and stops when `client.query` settles, so `db` holds sending the
   * statement, PostgreSQL executing it and node-postgres receiving and parsing its rows.
   */
  private async query<R extends pg.QueryResultRow>(config: pg.QueryConfig, clock: DbClock): Promise<pg.QueryResult<R>> {
    const client = await this.pool.connect();
    const start = performance.now();
    try {
      const result = await client.query<R>(config);
      clock.dbMs += performance.now() - start;
      client.release();
      return result;
    } catch (error) {
      clock.dbMs += performance.now() - start;
      // As `pool.query` does: a connection whose query failed is not reused.
      client.release(error as Error);
      throw error;
    }
  }

  async create(input: TaskInput, now: string, clock: DbClock): Promise<Task> {
    const result = await this.query<TaskRow>({ ...INSERT, values: [input.title, input.description, input.completed, now] }, clock);
    return toTask(result.rows[0]!);
  }

  async get(id: number | bigint, clock: DbClock): Promise<Task | undefined> {
    const result = await this.query<TaskRow>({ ...SELECT, values: [id] }, clock);
    const row = result.rows[0];
    return row && toTask(row);
  }

  async list(limit: number, offset: number, clock: DbClock): Promise<Task[]> {
    const result = await this.query<TaskRow>({ ...LIST, values: [limit, offset] }, clock);
    return result.rows.map(toTask);
  }

  async replace(id: number | bigint, input: TaskInput, now: string, clock: DbClock): Promise<Task | undefined> {
    const result = await this.query<TaskRow>(
      { ...UPDATE, values: [input.title, input.description, input.completed, now, id] },
      clock,
    );
    const row = result.rows[0];
    return row && toTask(row);
  }

  async delete(id: number | bigint, clock: DbClock): Promise<boolean> {
    const result = await this.query({ ...DELETE, values: [id] }, clock);
    return (result.rowCount ?? 0) > 0;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** See `pool.on("connect")` in `open`: the failed query carries the error; nothing else to do. */
function ignoreCheckedOutError(): void {}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
