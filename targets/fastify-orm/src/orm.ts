import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, openSync, writeSync } from "node:fs";
import type { BetterSqliteKnexDialect } from "@mikro-orm/better-sqlite";
import type { MikroORM, Options } from "@mikro-orm/core";
import type { PostgreSqlKnexDialect } from "@mikro-orm/postgresql";
import type BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { taskSchema, type DatabaseKind } from "./entity.js";

/** The file of sqlite:///absolute/path.db (the prefix `sqlite://` is stripped). */
export function sqlitePath(databaseUrl: string): string {
  const path = databaseUrl.slice("sqlite://".length);
  // better-sqlite3 would create a missing file; crudbench creates it from spec/schema first.
  if (!existsSync(path)) throw new Error(`database file ${path} does not exist (crudbench creates it from spec/schema/sqlite.sql)`);
  return path;
}

/** The database a DATABASE_URL names, from its scheme. */
export function databaseKind(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith("sqlite://")) return "sqlite";
  if (databaseUrl.startsWith("postgresql://") || databaseUrl.startsWith("postgres://")) return "postgres";
  throw new Error(`unsupported DATABASE_URL scheme in ${databaseUrl}: expected sqlite:// or postgresql://`);
}

/** DATABASE_POOL_SIZE: the most connections one server process may open (spec/README.md). */
export function poolSizeFrom(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 4;
  const size = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(size) || size < 1) {
    throw new Error(`DATABASE_POOL_SIZE must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return size;
}

// The SQLite settings of spec/README.md, the same for every target. This runs once for every
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

/**
 * Where one request's time inside the database driver adds up: the `db` of its Server-Timing
 * header (spec/README.md). server.ts keeps the number on the Fastify request.
 */
export interface DbClock {
  /** Milliseconds spent inside the driver so far. */
  dbMs: number;
}

/**
 * The clock of the request whose code is running. A query reaches the driver through
 * MikroORM and knex, neither of which can carry a value of ours down to it, so the request's
 * clock travels in an AsyncLocalStorage (the mechanism of MikroORM's own RequestContext):
 * server.ts runs each route handler inside `dbClock.run(request, …)`, and the dialects below
 * read it back at the driver call. Outside a request (start-up's `select 1`) there is none.
 */
export const dbClock = new AsyncLocalStorage<DbClock>();

/**
 * Server-Timing `db` on SQLite: knex's better-sqlite3 client sends every statement — MikroORM's
 * queries and knex's own `BEGIN;`/`COMMIT;`/`ROLLBACK;` alike — through `_query(connection,
 * query)`, which is called only once knex holds a connection (waiting for the pool is before
 * it). better-sqlite3 is synchronous, so the synchronous part of that call is all the driver
 * work — `prepare`, then `all` or `run`: binding, executing and fetching the rows — and that is
 * what is timed; it returns a Promise that is already settled. Building queries before and
 * hydrating entities after are outside it.
 */
function timedBetterSqlite(Dialect: typeof BetterSqliteKnexDialect): typeof BetterSqliteKnexDialect {
  return class extends Dialect {
    _query(connection: unknown, query: unknown): Promise<unknown> {
      const clock = dbClock.getStore();
      if (clock === undefined) return super._query(connection, query);
      const start = performance.now();
      const settled = super._query(connection, query);
      clock.dbMs += performance.now() - start;
      return settled;
    }
  };
}

/**
 * Server-Timing `db` on PostgreSQL: knex's pg client sends every statement (also `BEGIN;`,
 * `COMMIT;`, `ROLLBACK;`) through `_query(connection, query)` on a connection it has already
 * checked out of the pool, as one node-postgres `client.query`; it is timed from the call
 * until that query's Promise settles — sending, PostgreSQL's work, receiving and parsing the
 * rows.
 */
function timedPostgres(Dialect: typeof PostgreSqlKnexDialect): typeof PostgreSqlKnexDialect {
  return class extends Dialect {
    _query(connection: unknown, query: unknown): Promise<unknown> {
      const clock = dbClock.getStore();
      if (clock === undefined) return super._query(connection, query);
      const start = performance.now();
      return super._query(connection, query).finally(() => {
        clock.dbMs += performance.now() - start;
      });
    }
  };
}

/**
 * The statement log of spec/README.md (CRUDBENCH_SQL_LOG), from better-sqlite3's `verbose`
 * hook: it is called with the SQL of every statement the connection executes (each run, and
 * also knex's `BEGIN;`/`COMMIT;`/`ROLLBACK;` and the pragmas), and appends one line to the
 * file with a synchronous write, so the line is there before the response goes out. knex
 * opens the connection itself and passes no `verbose`, so the hook goes in through a subclass
 * of MikroORM's knex dialect whose driver is better-sqlite3 with `verbose` added. Unset: the
 * dialect as given, no hook.
 */
function withStatementLog(Dialect: typeof BetterSqliteKnexDialect): typeof BetterSqliteKnexDialect {
  const path = process.env.CRUDBENCH_SQL_LOG;
  if (!path) return Dialect;
  const fd = openSync(path, "a");
  const verbose = (sql?: unknown) => writeSync(fd, `${String(sql).replace(/[\r\n]/g, " ")}\n`);
  return class extends Dialect {
    override _driver() {
      const Sqlite: typeof BetterSqlite3 = super._driver();
      return class extends Sqlite {
        constructor(filename?: string, options?: BetterSqlite3.Options) {
          super(filename, { ...options, verbose });
        }
      };
    }
  };
}

/** What both drivers share. */
function commonOptions(database: DatabaseKind) {
  return {
    entities: [taskSchema(database)],
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
  } satisfies Options;
}

/**
 * MikroORM on the driver the URL's scheme names. Each driver package is imported only when
 * it is used, so a SQLite run never loads the PostgreSQL driver (and the other way round).
 */
export async function initOrm(databaseUrl: string, poolSize: number): Promise<MikroORM> {
  const database = databaseKind(databaseUrl);
  if (database === "sqlite") {
    const { MikroORM, BetterSqliteKnexDialect } = await import("@mikro-orm/better-sqlite");
    // knex's `client`: MikroORM's dialect with the driver timed, plus the statement log only
    // when CRUDBENCH_SQL_LOG is set.
    const dialect = withStatementLog(timedBetterSqlite(BetterSqliteKnexDialect));
    return MikroORM.init({
      ...commonOptions(database),
      dbName: sqlitePath(databaseUrl),
      // One connection, as the raw target opens one better-sqlite3 handle: better-sqlite3 is
      // synchronous and SQLite has one writer, so a second connection in the same process
      // could not run a query in parallel. DATABASE_POOL_SIZE is the PostgreSQL bound.
      pool: { min: 1, max: 1, afterCreate: applyPragmas },
      driverOptions: { client: dialect },
    });
  }
  const { MikroORM, PostgreSqlKnexDialect } = await import("@mikro-orm/postgresql");
  const orm = await MikroORM.init({
    ...commonOptions(database),
    // user, password, host, port and database name all come from the URL.
    clientUrl: databaseUrl,
    // node-postgres connections through knex's pool (tarn): one kept open, at most
    // DATABASE_POOL_SIZE, the bound every target shares.
    pool: { min: 1, max: poolSize },
    // knex's `client`: MikroORM's PostgreSQL dialect with the driver timed.
    driverOptions: { client: timedPostgres(PostgreSqlKnexDialect) },
  });
  // MikroORM.init does not fail when the server cannot be reached (the first query would);
  // fail at start-up instead, as fastify-raw does. This runs `select 1` once.
  const check = await orm.checkConnection();
  if (!check.ok) {
    await orm.close(true);
    throw new Error(`cannot connect to PostgreSQL: ${check.reason}`);
  }
  return orm;
}
