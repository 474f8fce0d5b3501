import { hasLatency, hasMeasurements } from "../results/target-outcome.js";
import { CRUD_OPERATIONS, type MetricName, type Results, type StatementsUnderMeasurement } from "../results/types.js";
import { REQUESTS_PER_TYPE } from "../workloads/statement-counts.js";
import type { Prose } from "./document.js";
import type { LatencyTarget } from "./report-model.js";
import type { Table } from "./table.js";
import { targetLabel } from "./target-status.js";

/** Statements the database ran per request while each target was checked, per target that got as far as counting them. */
export function statementsTable(results: Results): Table | undefined {
  const counted = results.targets.filter(hasMeasurements).filter((t) => t.statements_per_request);
  if (counted.length === 0) return undefined;
  const kinds = ["create", "read", "update", "delete", "list"] as const;
  return {
    headers: ["Target", "Data access", ...kinds],
    align: ["left", "left", ...kinds.map(() => "right" as const)],
    rows: counted.map((t) => [targetLabel(t, results), t.data_access.style, ...kinds.map((kind) => String(t.statements_per_request![kind]))]),
  };
}

export function statementsNote(results: Results): Prose {
  return results.config.database === "postgres"
    ? [`While checked: counted by the database server (pg_stat_statements; BEGIN/COMMIT/ROLLBACK included), averaged over ${REQUESTS_PER_TYPE} requests of each type.`]
    : [
        "While checked: reported by each target's SQLite driver hook (",
        { code: "CRUDBENCH_SQL_LOG" },
        `, spec/README.md; BEGIN/COMMIT/ROLLBACK included), averaged over ${REQUESTS_PER_TYPE} requests of each type; never enabled during timed sessions.`,
      ];
}

const METRICS: readonly MetricName[] = (["single", "bulk"] as const).flatMap((group) => CRUD_OPERATIONS.map((operation) => `${group}.${operation}` as MetricName));
const metricLabel = (metric: MetricName) => (metric === "bulk.read" ? "bulk list" : metric.replace(".", " "));
const statementsOf = (target: LatencyTarget, metric: MetricName): StatementsUnderMeasurement | null => {
  const [group, operation] = metric.split(".") as ["single" | "bulk", (typeof CRUD_OPERATIONS)[number]];
  return target[group][operation].statements;
};

/** Targets with statements counted while measured. */
export function measuredStatementTargets(results: Results): LatencyTarget[] {
  return results.targets.filter(hasLatency).filter((t) => METRICS.some((metric) => statementsOf(t, metric)));
}

/** What the statements while measured were counted with, or why there are none. */
export function measuredStatementsNote(results: Results): string {
  const { method, reason } = results.statement_counting;
  if (method) return `While measured: counted by the database server (${method}) before and after every step of every block, over every Task API request the step sent (untimed re-warm requests included), all sessions pooled. ⚑ marks a count that differs from the one taken while checked: work the check did not see (pool pings, session setup, lazy loads).`;
  return `While measured: not counted (${reason ?? "no reason recorded"}).`;
}

/** Statements per request while measured, one row per target; a count that differs from the check's is flagged with it. */
export function measuredStatementsTable(results: Results, targets: readonly LatencyTarget[]): Table {
  const cell = (s: StatementsUnderMeasurement | null) => (!s ? "–" : s.differs ? `⚑ ${s.per_request} (checked: ${s.conformance})` : String(s.per_request));
  return {
    headers: ["Target", ...METRICS.map(metricLabel)],
    align: ["left", ...METRICS.map(() => "right" as const)],
    rows: targets.map((t) => [targetLabel(t, results), ...METRICS.map((metric) => cell(statementsOf(t, metric)))]),
  };
}

/** "flask-orm single update: 4.02 statements per request while measured, 4 while checked", for each flagged count. */
export function statementFlags(results: Results): string[] {
  return measuredStatementTargets(results).flatMap((t) =>
    METRICS.flatMap((metric) => {
      const s = statementsOf(t, metric);
      return s?.differs ? [`${targetLabel(t, results)} ${metricLabel(metric)}: ${s.per_request} statements per request while measured, ${s.conformance} while checked`] : [];
    }),
  );
}
