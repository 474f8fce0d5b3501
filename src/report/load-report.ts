import { GENERATOR_CPU_LIMIT } from "../stats/load-verdict.js";
import { hasMeasurements } from "../results/target-outcome.js";
import type { LoadLevelResult, LoadResults, MeasuredTarget, Results } from "../results/types.js";
import { formatMs, type Table } from "./table.js";
import { targetLabel } from "./target-status.js";

/** The load stage's tables, from results alone. */

/** A target with load figures (complete or partial). */
export type LoadTarget = MeasuredTarget & { load: LoadResults };

const errorsText = (level: LoadLevelResult) => {
  const entries = Object.entries(level.errors);
  return entries.length === 0 ? "0" : entries.map(([cause, count]) => `${count} ${cause}`).join(", ");
};
const boundText = (level: LoadLevelResult) => (level.generator_bound === null ? "–" : level.generator_bound ? "⚠ generator-bound" : "");
const cpuText = (level: LoadLevelResult) => (level.generator_cpu_percent === null ? "–" : `${level.generator_cpu_percent}%`);

export const loadTargets = (results: Results): LoadTarget[] => results.targets.filter(hasMeasurements).filter((t): t is LoadTarget => t.load !== null);

export function closedLoadTable(results: Results, targets: LoadTarget[]): Table {
  return {
    headers: ["Target", "Generator", "Connections", "Req/s", "p50 ms", "p99 ms", "p99.9 ms", "Max ms", "Errors", "Generator CPU", ""],
    align: ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
    rows: targets.flatMap((t) =>
      t.load.closed.map((level) => [
        targetLabel(t, results),
        level.generator,
        String(level.concurrency),
        level.achieved_rps.toFixed(0),
        formatMs(level.latency.p50_ms),
        formatMs(level.latency.p99_ms),
        formatMs(level.latency.p999_ms),
        formatMs(level.latency.max_ms),
        errorsText(level),
        cpuText(level),
        boundText(level),
      ]),
    ),
  };
}

export function openLoadTable(results: Results, targets: LoadTarget[]): Table {
  return {
    headers: ["Target", "Rate req/s", "Achieved", "p50 ms", "p99 ms (corrected)", "p99 ms (uncorrected)", "Max ms", "Dropped", "Errors", ""],
    align: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
    rows: targets.flatMap((t) =>
      t.load.open.map((level) => [
        targetLabel(t, results),
        String(level.target_rate),
        level.achieved_rps.toFixed(0),
        formatMs(level.latency.p50_ms),
        formatMs(level.latency.p99_ms),
        formatMs(level.uncorrected_latency?.p99_ms),
        formatMs(level.latency.max_ms),
        String(level.dropped),
        errorsText(level),
        boundText(level),
      ]),
    ),
  };
}

/** The objective a sustainable rate meets, as recorded with the results. */
export const objectiveText = (load: LoadResults) => `p99 ≤ ${load.slo_p99_ms} ms, no errors, nothing dropped`;

export function sustainableTable(results: Results, targets: LoadTarget[]): Table {
  return {
    headers: ["Target", "Mix", "Sustainable req/s", "Objective"],
    align: ["left", "left", "right", "left"],
    rows: targets.map((t) => [targetLabel(t, results), t.load.mix, sustainableText(t.load), objectiveText(t.load)]),
  };
}

/** A sustainable rate equal to the highest rate tried is only a lower bound: the target might sustain more. */
export function isLowerBound(load: LoadResults): boolean {
  return load.sustainable_rps !== null && load.sustainable_rps === Math.max(...load.open.map((level) => level.target_rate ?? 0));
}

function sustainableText(load: LoadResults): string {
  if (load.sustainable_rps === null) return "none of the rates tried";
  return isLowerBound(load) ? `≥ ${load.sustainable_rps} (the highest rate tried)` : String(load.sustainable_rps);
}

export function calibrationTable(calibration: LoadLevelResult[]): Table {
  return {
    headers: ["Generator", "Connections", "Ceiling req/s", "p99 ms", "Generator CPU"],
    align: ["left", "right", "right", "right", "right"],
    rows: calibration.map((level) => [level.generator, String(level.concurrency), level.achieved_rps.toFixed(0), formatMs(level.latency.p99_ms), cpuText(level)]),
  };
}

export const LOAD_NOTE =
  "Closed model: each connection sends its next request when the last is answered. Open model: requests are due at fixed times whatever the server does; " +
  "corrected latency counts from that due time (coordinated omission), uncorrected from the actual send. wrk checks status codes only and drives reads, creates and updates (no deletes); " +
  `crudbench's generator validates every body. ⚠ generator-bound: the generator used over ${GENERATOR_CPU_LIMIT}% of a core, its timers ran late, or it fell short of the rate on its own.`;
