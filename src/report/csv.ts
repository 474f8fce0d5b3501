import { CRUD_OPERATIONS, type Distribution, type MeasuredTarget, type Results } from "../results/types.js";
import { isLowerBound, peakClosed } from "./load-report.js";
import { dataTargetsOf, type Group } from "./report-model.js";

/**
 * results.csv: every target's headline figures in long ("tidy") form, one figure per row, for
 * a spreadsheet or a data frame. Values are the stored numbers at full precision, never
 * rounded or recomputed; where the results keep no bound, the bound cells are empty.
 */

export const CSV_COLUMNS = [
  "target",
  "language",
  "framework",
  "framework_version",
  "data_access",
  "library",
  "metric",
  "operation",
  "statistic",
  "value",
  "unit",
  "low",
  "high",
  "bounds",
  "coverage",
  "sessions",
  "note",
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Cell = string | number | null;
type Row = Record<Column, Cell>;

/**
 * RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double quotes,
 * a double quote inside doubled; records end in CRLF.
 */
export function csvField(value: Cell): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRecord = (cells: readonly Cell[]) => `${cells.map(csvField).join(",")}\r\n`;

/** The same figure's cells for one target; each row adds what it measures. */
type Figure = Pick<Row, "metric" | "operation" | "statistic" | "value" | "unit"> & Partial<Pick<Row, "low" | "high" | "bounds" | "coverage" | "sessions" | "note">>;

function rowsOf(target: MeasuredTarget, figures: Figure[]): Row[] {
  return figures.map((figure) => ({
    target: target.name,
    language: target.language,
    framework: target.framework.name,
    framework_version: target.framework.version,
    data_access: target.data_access.style,
    library: target.data_access.library,
    low: null,
    high: null,
    bounds: null,
    coverage: null,
    sessions: null,
    note: null,
    ...figure,
  }));
}

/** A median with its order-statistic interval, the p99 with its range over sessions, the CPU per request. */
function latencyFigures(group: Group, operation: string, d: Distribution, note: string | null): Figure[] {
  const sessions = d.sessions_ms.length;
  const figures: Figure[] = [];
  if (d.median_ms !== null) {
    const interval = sessions >= 2 ? d.median_interval : null;
    figures.push({
      metric: group,
      operation,
      statistic: "median",
      value: d.median_ms,
      unit: "ms",
      low: interval?.low_ms ?? null,
      high: interval?.high_ms ?? null,
      bounds: interval ? "interval" : null,
      coverage: interval?.coverage ?? null,
      sessions,
      note,
    });
  }
  if (d.p99) {
    const spread = d.p99.sessions_ms.length >= 2;
    figures.push({ metric: group, operation, statistic: "p99", value: d.p99.median_ms, unit: "ms", low: spread ? d.p99.min_ms : null, high: spread ? d.p99.max_ms : null, bounds: spread ? "range" : null, sessions: d.p99.sessions_ms.length, note: "median over sessions of each session's p99" });
  }
  if (d.cpu) figures.push({ metric: group, operation, statistic: "cpu_per_request", value: d.cpu.us_per_request, unit: "us", sessions: d.cpu.sessions_us.length, note: "median over sessions" });
  return figures;
}

function targetFigures(target: MeasuredTarget): Figure[] {
  const figures: Figure[] = [];
  for (const group of ["single", "bulk"] as const) {
    const results = target[group];
    if (!results) continue;
    const note = group === "bulk" && target.bulk ? `one bulk operation of ${target.bulk.size} tasks` : null;
    for (const operation of CRUD_OPERATIONS) figures.push(...latencyFigures(group, operation, results[operation], note));
  }
  const memory = target.memory;
  if (memory) {
    const sessions = memory.idle_rss_mb_sessions.length;
    figures.push(
      { metric: "memory", operation: null, statistic: "idle_rss", value: memory.idle_rss_mb, unit: "MB", sessions, note: "median over sessions" },
      { metric: "memory", operation: null, statistic: "peak_rss", value: memory.peak_rss_mb, unit: "MB", sessions, note: "highest of any session" },
      { metric: "memory", operation: null, statistic: "idle_pss", value: memory.idle_pss_mb, unit: "MB", sessions },
      { metric: "memory", operation: null, statistic: "peak_pss", value: memory.peak_pss_mb, unit: "MB", sessions },
    );
  }
  const start = target.cold_start;
  if (start) {
    for (const [statistic, times] of [["ready", start.ready], ["first_write", start.first_post]] as const) {
      const spread = times.samples_ms.length >= 2;
      figures.push({ metric: "cold_start", operation: null, statistic, value: times.median_ms, unit: "ms", low: spread ? times.min_ms : null, high: spread ? times.max_ms : null, bounds: spread ? "range" : null, sessions: times.samples_ms.length, note: "median over sessions" });
    }
  }
  const load = target.load;
  if (load) {
    const peak = peakClosed(load);
    if (peak) figures.push({ metric: "load", operation: load.mix, statistic: "closed_peak_rps", value: peak.achieved_rps, unit: "req/s", note: `${peak.concurrency} connection(s), ${peak.generator}` });
    if (load.sustainable_rps !== null) {
      figures.push({ metric: "load", operation: load.mix, statistic: "sustainable_rps", value: load.sustainable_rps, unit: "req/s", note: isLowerBound(load) ? "a lower bound: the highest rate tried" : `p99 within ${load.slo_p99_ms} ms` });
    }
  }
  return figures;
}

/** results.csv from results.json alone: a header, then one row per target and figure. Pure. */
export function renderCsv(results: Results): string {
  const rows = dataTargetsOf(results).flatMap((target) => rowsOf(target, targetFigures(target)));
  return [csvRecord(CSV_COLUMNS), ...rows.map((row) => csvRecord(CSV_COLUMNS.map((column) => row[column])))].join("");
}
