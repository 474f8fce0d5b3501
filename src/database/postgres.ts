import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { DirectTaskRow } from "../contract/task.js";
import { CrudbenchError, describeError } from "../errors.js";
import { specDir } from "../paths.js";
import { POSTGRES_SETTINGS, startManagedCluster, type ManagedCluster } from "./postgres-cluster.js";
import type { DatabaseDescription, DatabaseProvider, ProvisionedDatabase, StatementCounter, StatementMeter } from "./provider.js";

/** node-postgres returns BIGINT as a string; ids fit a double in every test that reads them. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const SETTINGS_REPORTED = ["server_version", "fsync", "synchronous_commit", "shared_buffers", "max_connections", "shared_preload_libraries"];

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Connects, with a short timeout and an error that names the server without its password. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const safe = new URL(url);
    safe.password = safe.password ? "***" : "";
    throw new CrudbenchError(`cannot connect to PostgreSQL at ${safe.toString()}: ${describeError(error)}`, {
      hint: "check DATABASE_URL, or unset it to let crudbench start its own server",
    });
  }
  return client;
}

/**
 * Databases on a PostgreSQL server: crudbench's own throwaway cluster, or the server of
 * DATABASE_URL, where it only ever creates and drops databases named crudbench_*.
 */
export async function postgresProvider(externalUrl: string | undefined, runId: string): Promise<DatabaseProvider> {
  const cluster: ManagedCluster | undefined = externalUrl ? undefined : await startManagedCluster();
  const adminUrl = externalUrl ?? cluster!.url;
  let admin: pg.Client;
  try {
    admin = await connect(adminUrl);
  } catch (error) {
    await cluster?.stop();
    throw error;
  }
  const settings: Record<string, string> = {};
  for (const name of SETTINGS_REPORTED) {
    const { rows } = await admin.query<{ setting: string }>("SELECT current_setting($1, true) AS setting", [name]);
    if (rows[0]?.setting) settings[name] = rows[0].setting;
  }
  const statementStats = await enableStatementStatistics(admin);
  const hasStatementStats = statementStats === true;
  const schema = readFileSync(join(specDir, "schema", "postgres.sql"), "utf8");
  const prefix = `crudbench_${runId.replace(/[^0-9A-Za-z]/g, "").toLowerCase()}_${process.pid}`;
  const created = new Set<string>();

  const databaseName = (database: ProvisionedDatabase) => new URL(database.url).pathname.slice(1);
  const statements: StatementCounter | undefined = hasStatementStats
    ? {
        reset: async () => {
          await admin.query("SELECT pg_stat_statements_reset()");
        },
        count: async (database) => {
          const name = databaseName(database);
          // Only statements run in the target's database by its own user; the harness's
          // queries run in the admin database and are not counted.
          const { rows } = await admin.query<{ calls: string | null }>(
            "SELECT sum(s.calls)::bigint AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'",
            [name],
          );
          return Number(rows[0]?.calls ?? 0);
        },
      }
    : undefined;

  const statementMeter: StatementMeter | { unavailable: string } = hasStatementStats
    ? {
        method: "pg_stat_statements",
        totals: async (databases) => {
          const names = databases.map(databaseName);
          // One query for every target at once, between steps: the admin connection's own
          // statements run in the admin database and are not counted.
          const { rows } = await admin.query<{ datname: string; calls: number }>(
            "SELECT d.datname, sum(s.calls)::bigint AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ANY($1) AND s.query NOT ILIKE '%pg_stat_statements%' GROUP BY d.datname",
            [names],
          );
          const byName = new Map(rows.map((row) => [row.datname, Number(row.calls)]));
          // A database with no row yet has run no statement since pg_stat_statements last reset.
          return names.map((name) => byName.get(name) ?? 0);
        },
      }
    : { unavailable: `the server has no usable pg_stat_statements (${statementStats})` };

  return {
    kind: "postgres",
    serverPid: cluster?.postmasterPid,
    statementMeter,
    statementTracing: () => (statements ? { env: {}, counter: statements } : undefined),
    async create(name) {
      const database = `${prefix}_${name.replace(/[^0-9A-Za-z]/g, "_").toLowerCase()}`.slice(0, 63);
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${database}"`);
      created.add(database);
      const url = withDatabase(adminUrl, database);
      const direct = await connect(url);
      await direct.query(schema);
      const provisioned: ProvisionedDatabase = {
        url,
        path: "",
        direct: {
          insertTask: async (row: DirectTaskRow) => {
            const { rows } = await direct.query<{ id: number }>(
              "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
              [row.title, row.description, row.completed, row.created_at, row.updated_at],
            );
            return rows[0]!.id;
          },
        },
        async dispose() {
          await direct.end().catch(() => undefined);
          await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
          created.delete(database);
        },
      };
      return provisioned;
    },
    describe(): DatabaseDescription {
      return {
        kind: "postgres",
        // "15.18 (Debian 15.18-0+deb12u1)" → "15.18"; the full string stays in settings.
        version: settings.server_version?.split(" ")[0] ?? null,
        managed: cluster !== undefined,
        settings: cluster ? { ...POSTGRES_SETTINGS, ...settings } : settings,
      };
    },
    async close() {
      for (const database of created) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      await cluster?.stop();
    },
  };
}

/** pg_stat_statements counts statements per database; true when it can be used, else why not. */
async function enableStatementStatistics(admin: pg.Client): Promise<true | string> {
  try {
    await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await admin.query("SELECT pg_stat_statements_reset()");
    return true;
  } catch (error) {
    return describeError(error);
  }
}
