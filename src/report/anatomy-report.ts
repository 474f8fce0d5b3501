import { CRUD_OPERATIONS, type LatencyAnatomy, type Results } from "../results/types.js";
import type { LatencyTarget, OrmPair } from "./report-model.js";
import { formatMs, type Table } from "./table.js";
import { targetLabel } from "./target-status.js";

export const ANATOMY_NOTE =
  "Each single request split by the target's own Server-Timing header (spec/README.md): database = inside the driver; framework = the rest of the server's handling (routing, validation, JSON, an ORM's own work); transport + client = what the client saw beyond that (HTTP parsing and writing, loopback, the timing client). Each part is a per-request difference, its median per session and then across sessions; medians do not add up exactly, and the last column says by how much the parts miss the observed median.";

const percent = (share: number) => `${share >= 0 ? "+" : "−"}${Math.abs(share * 100).toFixed(1)}%`;

/** Targets with a latency anatomy on at least one single operation. */
export function anatomyTargets(targets: readonly LatencyTarget[]): LatencyTarget[] {
  return targets.filter((t) => CRUD_OPERATIONS.some((operation) => t.single[operation].anatomy));
}

export function anatomyTable(results: Results, targets: readonly LatencyTarget[]): Table {
  const rows: string[][] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const a = target.single[operation].anatomy;
      if (!a) continue;
      rows.push([operation, targetLabel(target, results), formatMs(a.observed_ms), formatMs(a.db_ms), formatMs(a.framework_ms), formatMs(a.transport_ms), percent(a.gap), a.missing > 0 ? `${a.missing} without header` : "0"]);
    }
  }
  return {
    headers: ["Operation", "Target", "Observed ms", "Database ms", "Framework ms", "Transport + client ms", "Parts vs observed", "Samples without header"],
    align: ["left", "left", "right", "right", "right", "right", "right", "right"],
    rows,
  };
}

/** Where an ORM's extra time goes, per operation, against the raw target of its language. */
export function ormAnatomyLines(pair: OrmPair): string[] {
  return CRUD_OPERATIONS.flatMap((operation) => {
    const orm = pair.orm.single[operation].anatomy;
    const raw = pair.raw.single[operation].anatomy;
    if (!orm || !raw) return [];
    const extra = orm.observed_ms - raw.observed_ms;
    const statements = statementsLine(pair, operation);
    // An ORM can come out a hair faster (Diesel's delete is raw SQL's statement): say less, not "-0.001 ms more".
    return [`${operation}: ${pair.orm.name} takes ${formatMs(Math.abs(extra))} ms ${extra >= 0 ? "more" : "less"} than ${pair.raw.name} (${formatMs(orm.observed_ms)} against ${formatMs(raw.observed_ms)} ms): ${parts(orm, raw)}${statements}.`];
  });
}

function parts(orm: LatencyAnatomy, raw: LatencyAnatomy): string {
  const delta = (key: "db_ms" | "framework_ms" | "transport_ms") => `${orm[key] - raw[key] >= 0 ? "+" : "−"}${formatMs(Math.abs(orm[key] - raw[key]))} ms`;
  return `database ${delta("db_ms")}, framework ${delta("framework_ms")}, transport ${delta("transport_ms")}`;
}

function statementsLine(pair: OrmPair, operation: (typeof CRUD_OPERATIONS)[number]): string {
  const orm = pair.orm.statements_per_request?.[operation];
  const raw = pair.raw.statements_per_request?.[operation];
  return orm !== undefined && raw !== undefined ? `; ${orm} SQL statement(s) per request against ${raw}` : "";
}

export const CPU_NOTE =
  "CPU time of each target's whole process tree (every thread, from the scheduler's per-thread run time in /proc) per request it served, read before and after every step; untimed re-warm requests count, as they cost the same. Steadier than latency on a shared machine: time stolen by the hypervisor or spent waiting for a CPU is not run time. Requests per CPU-second is what one fully used core would serve of that operation alone.";

/** Targets with CPU per request on any operation. */
export function cpuTargets(targets: readonly LatencyTarget[]): LatencyTarget[] {
  return targets.filter((t) => CRUD_OPERATIONS.some((operation) => t.single[operation].cpu || t.bulk[operation].cpu));
}

export function cpuTable(results: Results, targets: readonly LatencyTarget[]): Table {
  const rows: string[][] = [];
  for (const group of ["single", "bulk"] as const) {
    for (const operation of CRUD_OPERATIONS) {
      for (const target of targets) {
        const cpu = target[group][operation].cpu;
        if (!cpu) continue;
        const range = cpu.sessions_us.length > 1 ? ` (${formatUs(Math.min(...cpu.sessions_us))}–${formatUs(Math.max(...cpu.sessions_us))})` : "";
        rows.push([`${group} ${operation}`, targetLabel(target, results), `${formatUs(cpu.us_per_request)}${range}`, cpu.requests_per_cpu_s.toLocaleString("en-US")]);
      }
    }
  }
  return { headers: ["Operation", "Target", "CPU µs per request (sessions' range)", "Requests per CPU-second"], align: ["left", "left", "right", "right"], rows };
}

/** Microseconds: 12.3, 123, 1234. */
function formatUs(us: number): string {
  return us < 100 ? us.toFixed(1) : us.toFixed(0);
}
