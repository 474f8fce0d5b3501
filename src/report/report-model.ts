import { findComparison } from "../stats/comparisons.js";
import { NOISE_LOUD_CV, NOISE_WARN_CV } from "../stats/noise.js";
import { hasAnyData, hasLatency, hasMeasurements } from "../results/target-outcome.js";
import { CRUD_OPERATIONS, type BulkResults, type SingleResults, type CrudOperation, type Distribution, type MeasuredTarget, type PairedRatio, type Results, type TargetComparison, type TargetResult } from "../results/types.js";
import { formatMb, formatMs, formatPercent, formatRatio, formatShare, type Table } from "./table.js";
import { sessionsCell, statusCell, targetLabel } from "./target-status.js";

/**
 * The report's tables, built from results.json alone and shared by every format through
 * the report document. None of them computes a statistic: medians, intervals, ratios and
 * verdicts are read from the results (comparisons are looked up, never recomputed).
 */

export type Group = "single" | "bulk";

/** Targets with latency distributions from at least one session, complete or partial. */
export type LatencyTarget = MeasuredTarget & { single: SingleResults; bulk: BulkResults };

export const latencyTargetsOf = (results: Results): LatencyTarget[] => results.targets.filter(hasLatency);

/** Targets with any measured figure (latency, memory or load), complete or partial. */
export const dataTargetsOf = (results: Results): MeasuredTarget[] => results.targets.filter(hasAnyData);

const distribution = (target: MeasuredTarget, group: Group, operation: CrudOperation): Distribution | undefined => target[group]?.[operation];

export function outcomeTable(results: Results): Table {
  return {
    headers: ["Target", "Language", "Framework", "Data access", "Server", "Conformance", "Sessions", "Status"],
    align: ["left", "left", "left", "left", "left", "right", "right", "left"],
    rows: results.targets.map((t) => {
      const conformance = "conformance" in t ? t.conformance : null;
      return [
        t.name,
        t.language,
        `${t.framework.name} ${t.framework.version}`,
        `${t.data_access.style} (${t.data_access.library} ${t.data_access.version})`,
        describeServer(t.server.processes, t.server.model, t.server.threads_per_process),
        conformance ? conformanceCell(conformance) : results.imported ? "not checked (imported)" : "–",
        sessionsCell(t, results),
        statusCell(t, results),
      ];
    }),
  };
}

/** "61/62 (1 skipped)": passed of all cases; a skipped case (a remote target) is not passed. */
function conformanceCell(conformance: { passed: number; failed: number; skipped?: number }): string {
  const skipped = conformance.skipped ?? 0;
  return `${conformance.passed}/${conformance.passed + conformance.failed + skipped}${skipped > 0 ? ` (${skipped} skipped)` : ""}`;
}

/** With fewer than two sessions there is no spread between sessions to show, whatever the file holds. */
const hasSessionSpread = (d: Distribution) => d.sessions_ms.length >= 2;

function noiseMark(d: Distribution): string {
  if (d.cv === null || !hasSessionSpread(d)) return "–";
  const mark = d.noise === "very-noisy" ? " ⚠⚠" : d.noise === "noisy" ? " ⚠" : "";
  return `${formatPercent(d.cv)}${mark}`;
}

/** A coverage as a percentage with one decimal: 0.9922 → "99.2%", 0.9375 → "93.8%" (the results file keeps four decimals). */
const formatCoverage = (coverage: number) => `${(coverage * 100).toFixed(1)}%`;

/** "0.089–0.095 (99.2%)": the order-statistic interval of the median, with the coverage it really has. */
function intervalCell(d: Distribution): string {
  const interval = d.median_interval;
  if (!interval || !hasSessionSpread(d)) return "–";
  return `${formatMs(interval.low_ms)}–${formatMs(interval.high_ms)} (${formatCoverage(interval.coverage)})`;
}

/** "0.21 [0.18–0.30]": the median of the per-session p99s and their range; "–" where no tail is kept (bulk). */
function p99Cell(d: Distribution): string {
  const p99 = d.p99;
  if (!p99) return "–";
  return p99.sessions_ms.length >= 2 ? `${formatMs(p99.median_ms)} [${formatMs(p99.min_ms)}–${formatMs(p99.max_ms)}]` : formatMs(p99.median_ms);
}

/** What the latency table's columns mean, with the thresholds the statistics use. */
export const NOISE_LEGEND =
  "Median: of the session medians. Interval: an order-statistic interval of that median (the k-th lowest to the k-th highest session median), labelled with its exact coverage. " +
  "p99: taken within each session; the median over sessions [lowest–highest]; none for bulk (too few samples per session for a tail). " +
  `CV: variation of the session medians; ⚠ above ${formatShare(NOISE_WARN_CV)}, ⚠⚠ above ${formatShare(NOISE_LOUD_CV)}; – with a single session. Outliers: beyond Tukey's fences of their own session.`;

export function latencyTable(results: Results, targets: LatencyTarget[], group: Group): Table {
  const rows: string[][] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const d = distribution(target, group, operation);
      if (!d) continue;
      rows.push([operation, targetLabel(target, results), formatMs(d.median_ms), intervalCell(d), p99Cell(d), noiseMark(d), `${d.outliers.low + d.outliers.high}`, String(d.count), String(d.errors)]);
    }
  }
  return {
    headers: ["Operation", "Target", "Median ms", "Interval ms (coverage)", "p99 ms (sessions)", "CV (sessions)", "Outliers (within sessions)", "n", "Errors"],
    align: ["left", "left", "right", "right", "right", "right", "right", "right", "right"],
    rows,
  };
}

/** "1 session", "8 sessions". */
export const sessionsText = (sessions: number) => `${sessions} session${sessions === 1 ? "" : "s"}`;

/** "[2.10×, 2.52×]", or why there is none: a paired interval needs two sessions. */
export function ratioIntervalText(ratio: Pick<PairedRatio, "ratio_ci95" | "sessions">): string {
  return ratio.ratio_ci95 ? `[${formatRatio(ratio.ratio_ci95[0])}, ${formatRatio(ratio.ratio_ci95[1])}]` : `(no interval: ${sessionsText(ratio.sessions)})`;
}

/** "2.31× [2.10×, 2.52×]", with "~" when the difference is not established; "1.10× (no interval: 1 session) ~" without an interval. */
export function describeRatio(comparison: PairedRatio | undefined): string {
  if (!comparison) return "–";
  const text = `${formatRatio(comparison.ratio)} ${ratioIntervalText(comparison)}`;
  return comparison.verdict === "same" ? `${text} ~` : text;
}

/** The target with the lowest stored median for the operation (a lookup, not a statistic). */
export function fastestTarget<T extends MeasuredTarget>(targets: T[], group: Group, operation: CrudOperation): T | undefined {
  let best: T | undefined;
  for (const target of targets) {
    const median = distribution(target, group, operation)?.median_ms;
    if (median === null || median === undefined) continue;
    if (!best || median < distribution(best, group, operation)!.median_ms!) best = target;
  }
  return best;
}

/** Each target's median as a multiple of the fastest target's, with the ratio's interval. */
export function relativeTable(results: Results, targets: LatencyTarget[], group: Group): Table {
  return {
    headers: ["Target", ...CRUD_OPERATIONS.map((op) => `${op} (× fastest)`)],
    align: ["left", ...CRUD_OPERATIONS.map(() => "right" as const)],
    rows: targets.map((t) => [
      targetLabel(t, results),
      ...CRUD_OPERATIONS.map((op) => {
        const fastest = fastestTarget(targets, group, op);
        if (!fastest) return "–";
        if (fastest === t) return "fastest";
        return describeRatio(findComparison(results.comparisons, `${group}.${op}`, t.name, fastest.name));
      }),
    ]),
  };
}

export function memoryTable(results: Results, targets: MeasuredTarget[]): Table {
  return {
    headers: ["Target", "Processes", "Idle RSS MB", "Peak RSS MB", "Idle PSS MB", "Peak PSS MB", "Samples"],
    align: ["left", "right", "right", "right", "right", "right", "right"],
    rows: targets.flatMap((t) => {
      const m = t.memory;
      return m ? [[targetLabel(t, results), String(m.processes), formatMb(m.idle_rss_mb), formatMb(m.peak_rss_mb), formatMb(m.idle_pss_mb), formatMb(m.peak_pss_mb), String(m.samples)]] : [];
    }),
  };
}

export interface OrmPair {
  language: string;
  raw: LatencyTarget;
  orm: LatencyTarget;
}

/**
 * Every (raw, orm) pair of targets of one language on the same framework: only the data
 * access differs, so the ratio is the ORM's cost. (An ORM target on another framework is
 * compared with its framework's peer instead: frameworkPairs.)
 */
export function ormPairs(targets: LatencyTarget[]): OrmPair[] {
  const pairs: OrmPair[] = [];
  for (const raw of targets.filter((t) => t.data_access.style === "raw")) {
    for (const orm of targets.filter((t) => t.data_access.style === "orm" && t.language === raw.language && t.framework.name === raw.framework.name)) pairs.push({ language: raw.language, raw, orm });
  }
  return pairs;
}

/** Two targets of one language with the same data-access library on different frameworks. */
export interface FrameworkPair {
  language: string;
  /** The data-access library both use, e.g. "SQLAlchemy". */
  library: string;
  baseline: LatencyTarget;
  candidate: LatencyTarget;
}

/**
 * Every pair of targets of one language that share their data access (style and library)
 * but not their framework: the ratio is the framework's cost (fastapi-orm against flask-orm).
 * The baseline is the one with the lower single-read median, so the ratio reads "takes 1.4×
 * the time of", not "0.7×".
 */
export function frameworkPairs(targets: LatencyTarget[]): FrameworkPair[] {
  const pairs: FrameworkPair[] = [];
  const sorted = [...targets].sort((a, b) => a.name.localeCompare(b.name));
  sorted.forEach((baseline, index) => {
    for (const candidate of sorted.slice(index + 1)) {
      const same = candidate.language === baseline.language && candidate.data_access.style === baseline.data_access.style && candidate.data_access.library === baseline.data_access.library;
      if (!same || candidate.framework.name === baseline.framework.name) continue;
      const slower = (candidate.single.read.median_ms ?? Infinity) >= (baseline.single.read.median_ms ?? Infinity);
      pairs.push({ language: baseline.language, library: baseline.data_access.library, baseline: slower ? baseline : candidate, candidate: slower ? candidate : baseline });
    }
  });
  return pairs;
}

/** Two targets side by side per operation: their medians, the paired ratio candidate / baseline, and its verdict. */
function pairTable(results: Results, baseline: LatencyTarget, candidate: LatencyTarget, group: Group, ratioHeader: string, subject: string): Table {
  return {
    headers: ["Operation", `${targetLabel(baseline, results)} median ms`, `${targetLabel(candidate, results)} median ms`, `${ratioHeader} [95% interval]`, "Verdict"],
    align: ["left", "right", "right", "right", "left"],
    rows: CRUD_OPERATIONS.map((op) => {
      const comparison = findComparison(results.comparisons, `${group}.${op}`, candidate.name, baseline.name);
      return [op, formatMs(distribution(baseline, group, op)?.median_ms), formatMs(distribution(candidate, group, op)?.median_ms), describeRatio(comparison), comparison ? verdictText(comparison, subject) : "–"];
    }),
  };
}

export function ormVsRawTable(results: Results, pair: OrmPair, group: Group): Table {
  return pairTable(results, pair.raw, pair.orm, group, "ORM / raw", "ORM");
}

export function frameworkTable(results: Results, pair: FrameworkPair, group: Group): Table {
  return pairTable(results, pair.baseline, pair.candidate, group, `${pair.candidate.framework.name} / ${pair.baseline.framework.name}`, pair.candidate.name);
}

/** "p = 0.008", "p < 0.001" below what three decimals can show, or "no p" with fewer than two sessions. */
export const pValueText = (p: number | null) => (p === null ? "no p: fewer than two sessions" : p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);

/** "~ no difference", or "ORM slower (p = 0.008)". */
function verdictText(comparison: TargetComparison, subject: string): string {
  if (comparison.verdict === "same") return "~ no difference";
  return `${subject} ${comparison.verdict} (${pValueText(comparison.p_value)})`;
}

export function failedCasesTable(target: TargetResult): Table {
  const cases = "conformance" in target && target.conformance ? target.conformance.cases : [];
  return {
    headers: ["Case", "Expectation", "Failure"],
    align: ["left", "left", "left"],
    rows: cases.filter((c) => c.outcome === "failed").map((c) => [c.id, c.description, c.reason ?? ""]),
  };
}

export function describeServer(processes: number | null, model: string, threadsPerProcess: number | null | undefined): string {
  // Unknown where crudbench did not start the server (remote, imported): the model says where it was.
  if (processes === null) return model;
  const threads = threadsPerProcess ? `, ${threadsPerProcess} thread${threadsPerProcess === 1 ? "" : "s"} each` : "";
  return `${processes} × ${model}${threads}`;
}

/** "PostgreSQL 15.18 (managed; fsync=on, synchronous_commit=off, …)": the database and its settings. */
export function databaseTitle(results: Results): string {
  const { database, database_server: server } = results.config;
  if (database === null) return results.imported ? "database not known (imported from Locust's files)" : "each remote server's own database";
  const name = database === "sqlite" ? "SQLite" : "PostgreSQL";
  const shown = database === "sqlite" ? ["journal_mode", "synchronous", "busy_timeout"] : ["fsync", "synchronous_commit", "shared_buffers", "max_connections"];
  const settings = shown.filter((key) => server.settings[key] !== undefined).map((key) => `${key}=${server.settings[key]}`);
  const origin = database === "postgres" ? (server.managed ? "throwaway cluster; " : "external server; ") : "";
  return `${name}${server.version ? ` ${server.version}` : ""} (${origin}${settings.join(", ")}${results.config.pool_size === null ? "" : `; pool ${results.config.pool_size} per process`})`;
}

/** The database server's own memory during the sessions (every target shares it); never part of a target's figure. */
export function databaseMemoryTable(results: Results): Table | undefined {
  const m = results.database_memory;
  if (!m) return undefined;
  return {
    headers: ["While running", "Server processes", "Idle RSS MB", "Peak RSS MB", "Idle PSS MB", "Peak PSS MB"],
    align: ["left", "right", "right", "right", "right", "right"],
    rows: [["all targets, during the sessions", String(m.processes), formatMb(m.idle_rss_mb), formatMb(m.peak_rss_mb), formatMb(m.idle_pss_mb), formatMb(m.peak_pss_mb)]],
  };
}
