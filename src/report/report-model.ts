import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type Results, type TargetResult } from "../results/types.js";
import { formatMb, formatMs, formatRatio, type Table } from "./table.js";

/**
 * The tables of a report, built from results.json alone. Every renderer (Markdown, HTML)
 * shows these; none of them computes anything else.
 */

export const measured = (results: Results) => results.targets.filter((t) => t.status === "measured" && t.single && t.bulk);

export function outcomeTable(results: Results): Table {
  return {
    headers: ["Target", "Language", "Framework", "Data access", "Server", "Conformance", "Status"],
    align: ["left", "left", "left", "left", "left", "right", "left"],
    rows: results.targets.map((t) => [
      t.name,
      t.language,
      `${t.framework.name} ${t.framework.version}`,
      `${t.data_access.style} (${t.data_access.library} ${t.data_access.version})`,
      describeServer(t.server.processes, t.server.model, t.server.threads_per_process),
      t.conformance ? `${t.conformance.passed}/${t.conformance.passed + t.conformance.failed}` : "–",
      t.status === "measured" && !t.reason ? "measured" : `${t.status}${t.reason ? `: ${firstLine(t.reason)}` : ""}`,
    ]),
  };
}

export function latencyTable(targets: TargetResult[], pick: (t: TargetResult) => Record<CrudOperation, Distribution> | undefined): Table {
  const rows: string[][] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const d = pick(target)?.[operation];
      if (!d) continue;
      rows.push([operation, target.name, formatMs(d.median_ms), formatMs(d.p95_ms), formatMs(d.p99_ms), formatMs(d.max_ms), formatMs(d.stddev_ms), String(d.count), String(d.errors)]);
    }
  }
  return {
    headers: ["Operation", "Target", "Median ms", "p95 ms", "p99 ms", "Max ms", "Std dev ms", "n", "Errors"],
    align: ["left", "left", "right", "right", "right", "right", "right", "right", "right"],
    rows,
  };
}

/** Each target's median as a multiple of the fastest median for that operation. */
export function relativeTable(targets: TargetResult[], pick: (t: TargetResult) => Record<CrudOperation, Distribution> | undefined): Table {
  const fastest = (operation: CrudOperation) => Math.min(...targets.map((t) => pick(t)?.[operation].median_ms ?? Infinity));
  return {
    headers: ["Target", ...CRUD_OPERATIONS.map((op) => `${op} (× fastest)`)],
    align: ["left", ...CRUD_OPERATIONS.map(() => "right" as const)],
    rows: targets.map((t) => [
      t.name,
      ...CRUD_OPERATIONS.map((op) => {
        const median = pick(t)?.[op].median_ms;
        return median === null || median === undefined ? "–" : formatRatio(median / fastest(op));
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

export function ormVsRawTable(pair: OrmPair, pick: (t: TargetResult) => Record<CrudOperation, Distribution> | undefined): Table {
  return {
    headers: ["Operation", `${pair.raw.name} median ms`, `${pair.orm.name} median ms`, "ORM / raw"],
    align: ["left", "right", "right", "right"],
    rows: CRUD_OPERATIONS.map((op) => {
      const raw = pick(pair.raw)?.[op].median_ms ?? null;
      const orm = pick(pair.orm)?.[op].median_ms ?? null;
      return [op, formatMs(raw), formatMs(orm), raw && orm ? formatRatio(orm / raw) : "–"];
    }),
  };
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

/** The headline findings, each one sentence, computed from medians only. */
export function summaryLines(results: Results): string[] {
  const targets = measured(results);
  if (targets.length === 0) return ["No target was measured."];
  const lines: string[] = [];
  for (const operation of CRUD_OPERATIONS) {
    const ranked = targets
      .map((t) => ({ name: t.name, median: t.single![operation].median_ms }))
      .filter((entry): entry is { name: string; median: number } => entry.median !== null)
      .sort((a, b) => a.median - b.median);
    if (ranked.length === 0) continue;
    const fastest = ranked[0]!;
    const slowest = ranked[ranked.length - 1]!;
    const versus = ranked.length > 1 ? `; ${formatRatio(slowest.median / fastest.median)} faster than ${slowest.name} (${formatMs(slowest.median)} ms)` : "";
    lines.push(`Fastest ${operation}: ${fastest.name}, median ${formatMs(fastest.median)} ms${versus}.`);
  }
  const byMemory = targets.filter((t) => t.memory).sort((a, b) => a.memory!.peak_rss_mb - b.memory!.peak_rss_mb);
  if (byMemory.length > 0) {
    const lowest = byMemory[0]!;
    const highest = byMemory[byMemory.length - 1]!;
    const versus = byMemory.length > 1 ? ` (highest: ${highest.name}, ${formatMb(highest.memory!.peak_rss_mb)} MB)` : "";
    lines.push(`Lowest memory: ${lowest.name}, peak RSS ${formatMb(lowest.memory!.peak_rss_mb)} MB${versus}.`);
  }
  for (const pair of ormPairs(targets)) {
    const ratios = CRUD_OPERATIONS.map((op) => {
      const raw = pair.raw.single![op].median_ms;
      const orm = pair.orm.single![op].median_ms;
      return raw && orm ? orm / raw : undefined;
    }).filter((ratio): ratio is number => ratio !== undefined);
    if (ratios.length === 0) continue;
    const low = Math.min(...ratios);
    const high = Math.max(...ratios);
    const range = low === high ? formatRatio(low) : `${formatRatio(low)}–${formatRatio(high)}`;
    lines.push(`ORM cost in ${pair.language}: ${pair.orm.name} takes ${range} the median time of ${pair.raw.name} on single requests.`);
  }
  return lines;
}

/** The method paragraph, shared by the Markdown and HTML reports. */
export function methodText(results: Results): string {
  const c = results.config;
  return (
    `Each target passes the conformance suite on its own database first, then runs on a fresh database in a fresh process. ` +
    `Single: ${c.warmup} warm-up + ${c.iterations} timed sequential requests per operation over one keep-alive connection, timed on the client. ` +
    `Bulk: ${c.bulk_size} sequential requests per operation (read = one list of ${c.bulk_size}), time = sum of request latencies, ` +
    `${c.bulk_warmup} warm-up + ${c.bulk_repeats} timed rounds. Every response is validated against the contract; failures count as errors, never as samples. ` +
    `Memory: whole process tree from /proc every ${c.memory_interval_ms} ms; idle = median over ${c.idle_window_ms} ms after readiness.`
  );
}
