import type { TaskInput } from "./input.js";

/** A task as the API returns it (spec/openapi.yaml Task). */
export interface Task {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

/**
 * A value now (better-sqlite3 is synchronous) or later (node-postgres is asynchronous). The
 * routes await only a real Promise, so the SQLite path runs exactly as it did before
 * PostgreSQL support: no extra promise or microtask per request.
 */
export type Awaitable<T> = T | Promise<T>;

/**
 * Where one request's time inside the database driver adds up: the `db` of its Server-Timing
 * header (spec/README.md). The route passes its Fastify request, which carries the number
 * (server.ts), and each store adds the time of every driver call it makes for that request.
 */
export interface DbClock {
  /** Milliseconds spent inside the driver so far. */
  dbMs: number;
}

/** The five operations of the Task API, one parameterised statement each. */
export interface TaskStore {
  create(input: TaskInput, now: string, clock: DbClock): Awaitable<Task>;
  get(id: number | bigint, clock: DbClock): Awaitable<Task | undefined>;
  list(limit: number, offset: number, clock: DbClock): Awaitable<Task[]>;
  replace(id: number | bigint, input: TaskInput, now: string, clock: DbClock): Awaitable<Task | undefined>;
  delete(id: number | bigint, clock: DbClock): Awaitable<boolean>;
  close(): Awaitable<void>;
}

export const COLUMNS = "id, title, description, completed, created_at, updated_at";

/** DATABASE_POOL_SIZE: the most connections one server process may open (spec/README.md). */
export function poolSizeFrom(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 4;
  const size = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(size) || size < 1) {
    throw new Error(`DATABASE_POOL_SIZE must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return size;
}

/**
 * Picks the store from the URL scheme: `sqlite:///abs/path.db` or
 * `postgresql://user@host:port/db`. Each driver is imported only when it is used, so a
 * SQLite run never loads node-postgres (and the other way round).
 */
export async function openStore(databaseUrl: string, poolSize: number): Promise<TaskStore> {
  if (databaseUrl.startsWith("sqlite://")) {
    const { SqliteTaskStore } = await import("./sqlite-store.js");
    return SqliteTaskStore.open(databaseUrl);
  }
  if (databaseUrl.startsWith("postgresql://") || databaseUrl.startsWith("postgres://")) {
    const { PgTaskStore } = await import("./pg-store.js");
    return PgTaskStore.open(databaseUrl, poolSize);
  }
  throw new Error(`unsupported DATABASE_URL scheme in ${databaseUrl}: expected sqlite:// or postgresql://`);
}
