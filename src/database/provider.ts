import type { DirectDatabase } from "../contract/task.js";
import type { DatabaseKind } from "../targets/manifest.js";

/** A fresh, empty database for one target session. */
export interface ProvisionedDatabase {
  /** DATABASE_URL handed to the target. */
  url: string;
  /** The file path ({databasePath}); empty for server databases. */
  path: string;
  direct: DirectDatabase;
  /** Closes the harness's connections and removes the database. */
  dispose(): Promise<void>;
}

/** Counts the SQL statements a target's database saw, between reset() and count(). */
export interface StatementCounter {
  reset(database: ProvisionedDatabase): Promise<void>;
  /** Statements executed in `database` since the last reset (the harness's own excluded). */
  count(database: ProvisionedDatabase): Promise<number>;
}

/** How to count one session's statements: environment for the target, and the counter. */
export interface StatementTracing {
  env: Record<string, string>;
  counter: StatementCounter;
}

/**
 * Cumulative statement counts of databases, read without resetting anything: a session reads
 * every target's database before and after each step, and the difference is that step's.
 */
export interface StatementMeter {
  /** "pg_stat_statements": what results.json names as the source. */
  readonly method: string;
  /** Statements executed so far in each database, in order; undefined where unknown. */
  totals(databases: readonly ProvisionedDatabase[]): Promise<(number | undefined)[]>;
}

/** What results.json records about the database a run used. */
export interface DatabaseDescription {
  kind: DatabaseKind;
  version: string | null;
  /** true: crudbench started and removed the server itself. */
  managed: boolean;
  settings: Record<string, string>;
}

/**
 * Where target databases come from: SQLite files in a scratch folder, or databases on a
 * PostgreSQL server. One provider serves a whole run; close() removes what it made.
 */
export interface DatabaseProvider {
  readonly kind: DatabaseKind;
  create(name: string): Promise<ProvisionedDatabase>;
  describe(): DatabaseDescription;
  /** The server's main pid, when it runs on this machine and crudbench may sample it. */
  readonly serverPid: number | undefined;
  /** Statement counting for a session named `name`; undefined when the database cannot. */
  statementTracing(name: string): StatementTracing | undefined;
  /** Statement counting while the targets are measured, or why there is none. */
  readonly statementMeter: StatementMeter | { unavailable: string };
  close(): Promise<void>;
}
