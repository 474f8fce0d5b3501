import { findComparison } from "../stats/aggregate.js";
import { speedup } from "../stats/compare.js";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type Results, type TargetComparison, type TargetResult } from "../results/types.js";
import { formatMb, formatMs, formatPercent, formatRatio, type Table } from "./table.js";

/**
 * The tables and sentences of a report, built from results.json alone. Every renderer
 * (Markdown, HTML) shows these; none of them computes a statistic.
 */

export type Group = "single" | "bulk";

export const measured = (results: Results) => results.targets.filter((t) => t.status === "measured" && t.single && t.bulk);

const distribution = (target: TargetResult, group: Group, operation: CrudOperation): Distribution | undefined => target[group]?.[operation];

export function outcomeTable(results: Results): Table {
  return {
    headers: ["Target", "Language", "Framework", "Data access", "Server", "Conformance", "Rounds", "Status"],
    align: ["left", "left", "left", "left", "left", "right", "right", "left"],
    rows: results.targets.map((t) => [
      t.name,
      t.language,
      `${t.framework.name} ${t.framework.version}`,
      `${t.data_access.style} (${t.data_access.library} ${t.data_access.version})`,
      describeServer(t.server.processes, t.server.model, t.server.threads_per_process),
      t.conformance ? `${t.conformance.passed}/${t.conformance.passed + t.conformance.failed}` : "–",
      t.rounds_completed !== undefined ? `${t.rounds_completed}/${results.config.rounds}` : "–",
      t.status === "measured" && !t.reason ? "measured" : `${t.status}${t.reason ? `: ${firstLine(t.reason)}` : ""}`,
    ]),
  };
}

function noiseMark(d: Distribution): string {
  if (d.cv === null) return "–";
  const mark = d.noise === "very-noisy" ? " ⚠⚠" : d.noise === "noisy" ? " ⚠" : "";
  return `${formatPercent(d.cv)}${mark}`;
}

const interval = (d: Distribution) => (d.median_ci95_ms ? `${formatMs(d.median_ci95_ms[0])}–${formatMs(d.median_ci95_ms[1])}` : "–");

export function latencyTable(targets: TargetResult[], group: Group): Table {
  const rows: string[][] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const d = distribution(target, group, operation);
      if (!d) continue;
      rows.push([
        operation,
        target.name,
        formatMs(d.median_ms),
        interval(d),
        formatMs(d.p95_ms),
        formatMs(d.p99_ms),
        formatMs(d.max_ms),
        noiseMark(d),
        `${d.outliers.low + d.outliers.high}`,
        String(d.count),
        String(d.errors),
      ]);
    }
  }
  return {
    headers: ["Operation", "Target", "Median ms", "95% CI ms", "p95 ms", "p99 ms", "Max ms", "CV (rounds)", "Outliers", "n", "Errors"],
    align: ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
    rows,
  };
}

/** "2.31× [2.10×, 2.52×]", or "~ same" when the difference is not established. */
export function describeRatio(comparison: TargetComparison | undefined): string {
  if (!comparison) return "–";
  const text = `${formatRatio(comparison.ratio)} [${formatRatio(comparison.ratio_ci95[0])}, ${formatRatio(comparison.ratio_ci95[1])}]`;
  return comparison.verdict === "same" ? `${text} ~` : text;
}

function fastestTarget(targets: TargetResult[], group: Group, operation: CrudOperation): TargetResult | undefined {
  let best: TargetResult | undefined;
  for (const target of targets) {
    const median = distribution(target, group, operation)?.median_ms;
    if (median === null || median === undefined) continue;
    if (!best || median < distribution(best, group, operation)!.median_ms!) best = target;
  }
  return best;
}

/** Each target's median as a multiple of the fastest target's, with the ratio's interval. */
export function relativeTable(results: Results, targets: TargetResult[], group: Group): Table {
  return {
    headers: ["Target", ...CRUD_OPERATIONS.map((op) => `${op} (× fastest)`)],
    align: ["left", ...CRUD_OPERATIONS.map(() => "right" as const)],
    rows: targets.map((t) => [
      t.name,
      ...CRUD_OPERATIONS.map((op) => {
        const fastest = fastestTarget(targets, group, op);
        if (!fastest) return "–";
        if (fastest === t) return "fastest";
        return describeRatio(findComparison(results.comparisons, `${group}.${op}`, t.name, fastest.name));
      }),
    ]),
  };
}

export function memoryTable(targets: TargetResult[]): Table {
  return {
    headers: ["Target", "Processes", "Idle RSS MB", "Peak RSS MB", "Idle PSS MB", "Peak PSS MB", "Samples"],
    align: ["left", "right", "right", "right", "right", "right", "right"],
    rows: targets
      .filter((t) => t.memory)
      .map((t) => {
        const m = t.memory!;
        return [t.name, String(m.processes), formatMb(m.idle_rss_mb), formatMb(m.peak_rss_mb), formatMb(m.idle_pss_mb), formatMb(m.peak_pss_mb), String(m.samples)];
      }),
  };
}

export interface OrmPair {
  language: string;
  raw: TargetResult;
  orm: TargetResult;
}

/** Every (raw, orm) pair of measured targets of one language. */
export function ormPairs(targets: TargetResult[]): OrmPair[] {
  const pairs: OrmPair[] = [];
  for (const raw of targets.filter((t) => t.data_access.style === "raw")) {
    for (const orm of targets.filter((t) => t.data_access.style === "orm" && t.language === raw.language)) pairs.push({ language: raw.language, raw, orm });
  }
  return pairs;
}

export function ormVsRawTable(results: Results, pair: OrmPair, group: Group): Table {
  return {
    headers: ["Operation", `${pair.raw.name} median ms`, `${pair.orm.name} median ms`, "ORM / raw [95% CI]", "Verdict"],
    align: ["left", "right", "right", "right", "left"],
    rows: CRUD_OPERATIONS.map((op) => {
      const comparison = findComparison(results.comparisons, `${group}.${op}`, pair.orm.name, pair.raw.name);
      return [
        op,
        formatMs(distribution(pair.raw, group, op)?.median_ms),
        formatMs(distribution(pair.orm, group, op)?.median_ms),
        describeRatio(comparison),
        comparison ? verdictText(comparison, "ORM") : "–",
      ];
    }),
  };
}

function verdictText(comparison: TargetComparison, subject: string): string {
  if (comparison.verdict === "same") return "~ no difference";
  return `${subject} ${comparison.verdict} (p = ${comparison.p_value < 0.001 ? "<0.001" : comparison.p_value.toFixed(3)})`;
}

export function failedCasesTable(target: TargetResult): Table {
  return {
    headers: ["Case", "Expectation", "Failure"],
    align: ["left", "left", "left"],
    rows: (target.conformance?.cases ?? []).filter((c) => c.outcome === "failed").map((c) => [c.id, c.description, c.reason ?? ""]),
  };
}

export function describeServer(processes: number, model: string, threadsPerProcess: number | null | undefined): string {
  const threads = threadsPerProcess ? `, ${threadsPerProcess} thread${threadsPerProcess === 1 ? "" : "s"} each` : "";
  return `${processes} × ${model}${threads}`;
}

function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

/** "6.1× faster than X [5.8×, 6.4×]" from a comparison of a (fast) over b (slow). */
function speedupText(comparison: TargetComparison): string {
  const { factor, interval } = speedup(comparison);
  return `${formatRatio(factor)} faster than ${comparison.baseline} [${formatRatio(interval[0])}, ${formatRatio(interval[1])}]`;
}

/** The headline findings, each one sentence, from the stored comparisons. */
export function summaryLines(results: Results): string[] {
  const targets = measured(results);
  if (targets.length === 0) return ["No target was measured."];
  const lines: string[] = [];
  for (const operation of CRUD_OPERATIONS) {
    const fastest = fastestTarget(targets, "single", operation);
    if (!fastest) continue;
    const median = formatMs(fastest.single![operation].median_ms);
    const others = targets.filter((t) => t !== fastest).map((t) => findComparison(results.comparisons, `single.${operation}`, fastest.name, t.name)).filter((c) => c !== undefined);
    const slowest = others.sort((a, b) => a.ratio - b.ratio)[0];
    if (!slowest) {
      lines.push(`${operation}: ${fastest.name}, median ${median} ms.`);
      continue;
    }
    const versus = slowest.verdict === "same" ? `${speedupText(slowest)} — ~ not established (p = ${slowest.p_value.toFixed(3)})` : speedupText(slowest);
    lines.push(`Fastest ${operation}: ${fastest.name} (median ${median} ms), ${versus}.`);
  }
  const byMemory = targets.filter((t) => t.memory).sort((a, b) => a.memory!.peak_rss_mb - b.memory!.peak_rss_mb);
  if (byMemory.length > 0) {
    const lowest = byMemory[0]!;
    const highest = byMemory[byMemory.length - 1]!;
    const versus = byMemory.length > 1 ? ` (highest: ${highest.name}, ${formatMb(highest.memory!.peak_rss_mb)} MB)` : "";
    lines.push(`Lowest memory: ${lowest.name}, peak RSS ${formatMb(lowest.memory!.peak_rss_mb)} MB${versus}.`);
  }
  for (const pair of ormPairs(targets)) {
    const comparisons = CRUD_OPERATIONS.map((op) => findComparison(results.comparisons, `single.${op}`, pair.orm.name, pair.raw.name)).filter((c) => c !== undefined);
    if (comparisons.length === 0) continue;
    const ratios = comparisons.map((c) => c.ratio);
    const low = Math.min(...ratios);
    const high = Math.max(...ratios);
    const range = low === high ? formatRatio(low) : `${formatRatio(low)}–${formatRatio(high)}`;
    const settled = comparisons.filter((c) => c.verdict !== "same").length;
    lines.push(`ORM cost in ${pair.language}: ${pair.orm.name} takes ${range} the median time of ${pair.raw.name} on single requests (significant for ${settled} of ${comparisons.length} operations).`);
  }
  return lines;
}

/** Warnings a reader must see before trusting a number. */
export function caveatLines(results: Results): string[] {
  const lines: string[] = [];
  if (!results.config.cpu_pinning) lines.push("The harness and the targets shared CPUs: the load generator competed with the target.");
  if (results.run.harness_cpu_percent !== null && results.run.harness_cpu_percent > 70) {
    lines.push(`The harness used ${results.run.harness_cpu_percent}% of a core while measuring: the client may be the bottleneck, and the numbers understate the fastest targets.`);
  }
  if (results.config.rounds < 5) lines.push(`Only ${results.config.rounds} round(s): intervals are wide or missing; use at least 5 rounds for conclusions.`);
  for (const target of measured(results)) {
    for (const group of ["single", "bulk"] as const) {
      for (const operation of CRUD_OPERATIONS) {
        const d = distribution(target, group, operation);
        if (d?.noise === "very-noisy") lines.push(`Very noisy: ${target.name} ${group} ${operation} varies ${formatPercent(d.cv!)} between rounds (> 10%).`);
        else if (d?.noise === "noisy") lines.push(`Noisy: ${target.name} ${group} ${operation} varies ${formatPercent(d.cv!)} between rounds (> 5%).`);
      }
    }
  }
  return lines;
}

/** The method paragraph, shared by the Markdown and HTML reports. */
export function methodText(results: Results): string {
  const c = results.config;
  const pinning = c.cpu_pinning ? `Harness pinned to CPU ${c.cpu_pinning.harness}, targets to CPU ${c.cpu_pinning.targets} (taskset).` : "Harness and targets not pinned.";
  return (
    `Each target passes the conformance suite on its own database first. Then ${c.rounds} rounds, targets interleaved (A B C A B C …), each round a fresh process on a fresh database. ` +
    `Per round — single: ${c.warmup} warm-up + ${c.iterations} timed sequential requests per operation over one keep-alive connection, timed on the client; ` +
    `bulk: ${c.bulk_size} sequential requests per operation (read = one list of ${c.bulk_size}), time = sum of request latencies, ${c.bulk_warmup} warm-up + ${c.bulk_repeats} timed repetitions. ` +
    `Every response is validated against the contract; failures count as errors, never as samples. ` +
    `Medians are the median of round medians with a 95% bootstrap interval (${c.bootstrap_resamples} resamples, seed ${c.bootstrap_seed}); p95/p99/max come from the merged HDR histograms of all requests. ` +
    `Ratios carry a bootstrap interval and a Mann–Whitney U test over round medians; "~" marks no established difference (p ≥ 0.05, interval includes 1, or under ${formatPercent(c.noise_threshold)}). ` +
    `Memory: whole process tree from /proc every ${c.memory_interval_ms} ms; idle = median over ${c.idle_window_ms} ms after readiness. ${pinning}`
  );
}

/** "PostgreSQL 15.18 (managed; fsync=on, synchronous_commit=off, …)": the database and its settings. */
export function databaseTitle(results: Results): string {
  const { database, database_server: server } = results.config;
  const name = database === "sqlite" ? "SQLite" : "PostgreSQL";
  const shown = database === "sqlite" ? ["journal_mode", "synchronous", "busy_timeout"] : ["fsync", "synchronous_commit", "shared_buffers", "max_connections"];
  const settings = shown.filter((key) => server.settings[key] !== undefined).map((key) => `${key}=${server.settings[key]}`);
  const origin = database === "postgres" ? (server.managed ? "throwaway cluster; " : "external server; ") : "";
  return `${name}${server.version ? ` ${server.version}` : ""} (${origin}${settings.join(", ")}; pool ${results.config.pool_size} per process)`;
}

/** Statements the database ran per request, per target (PostgreSQL's pg_stat_statements). */
export function statementsTable(targets: TargetResult[]): Table | undefined {
  const counted = targets.filter((t) => t.statements_per_request);
  if (counted.length === 0) return undefined;
  const kinds = ["create", "read", "update", "delete", "list"] as const;
  return {
    headers: ["Target", "Data access", ...kinds],
    align: ["left", "left", ...kinds.map(() => "right" as const)],
    rows: counted.map((t) => [t.name, t.data_access.style, ...kinds.map((kind) => String(t.statements_per_request![kind]))]),
  };
}

export function statementsNote(results: Results): string {
  return results.config.database === "postgres"
    ? "Counted by the database server (pg_stat_statements; BEGIN/COMMIT/ROLLBACK included), averaged over 20 requests of each type."
    : "Reported by each target's SQLite driver hook (CRUDBENCH_SQL_LOG, spec/README.md; BEGIN/COMMIT/ROLLBACK included), averaged over 20 requests of each type; never enabled during timed rounds.";
}

/** The database server's own memory while each target ran; never part of the target's figure. */
export function databaseMemoryTable(targets: TargetResult[]): Table | undefined {
  const sampled = targets.filter((t) => t.database_memory);
  if (sampled.length === 0) return undefined;
  return {
    headers: ["While running", "Server processes", "Idle RSS MB", "Peak RSS MB", "Idle PSS MB", "Peak PSS MB"],
    align: ["left", "right", "right", "right", "right", "right"],
    rows: sampled.map((t) => {
      const m = t.database_memory!;
      return [t.name, String(m.processes), formatMb(m.idle_rss_mb), formatMb(m.peak_rss_mb), formatMb(m.idle_pss_mb), formatMb(m.peak_pss_mb)];
    }),
  };
}
