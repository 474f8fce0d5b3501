import { GENERATOR_CPU_LIMIT, LITTLE_TOLERANCE, MAX_DISPATCH_LAG_SHARE, MAX_ERROR_SHARE, MIN_ACHIEVED_SHARE, STABILITY_TOLERANCE, CEILING_SHARE } from "../stats/load-verdict.js";
import { hasMeasurements } from "../results/target-outcome.js";
import type { LevelMeasurement, LoadLatency, LoadLevelResult, LoadResults, MeasuredTarget, Results } from "../results/types.js";
import { formatMs, type Table } from "./table.js";
import { targetLabel } from "./target-status.js";

/** The load stage's tables, from results alone. */

/** A target with load figures (complete or partial). */
export type LoadTarget = MeasuredTarget & { load: LoadResults };

const errorsText = (level: LoadLevelResult) => {
  const entries = Object.entries(level.errors);
  return entries.length === 0 ? "0" : entries.map(([cause, count]) => `${count} ${cause}`).join(", ");
};
const boundText = (level: LevelMeasurement) => (level.generator_bound === null ? "–" : level.generator_bound ? "⚠ generator-bound" : "");
const cpuText = (level: LevelMeasurement) => (level.generator_cpu_percent === null ? "–" : `${level.generator_cpu_percent}%`);
/** "> 10000" where over 1% of the requests were censored at the timeout: the p99 is at least that. */
const p99Text = (latency: LoadLatency | null | undefined) => (latency?.p99_lower_bound ? `> ${formatMs(latency.p99_ms)}` : formatMs(latency?.p99_ms));
const verdictText = (level: LoadLevelResult) => (level.verdict.valid ? "valid" : `invalid: ${level.verdict.reasons.join("; ")}`);

export const loadTargets = (results: Results): LoadTarget[] => results.targets.filter(hasMeasurements).filter((t): t is LoadTarget => t.load !== null);

export function closedLoadTable(results: Results, targets: LoadTarget[]): Table {
  return {
    headers: ["Target", "Generator", "Connections", "Req/s", "p50 ms", "p99 ms", "p99.9 ms", "Max ms", "Errors", "Generator CPU", "", "Verdict"],
    align: ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "left", "left"],
    muted: targets.flatMap((t) => t.load.closed.map((level) => !level.verdict.valid)),
    rows: targets.flatMap((t) =>
      t.load.closed.map((level) => [
        targetLabel(t, results),
        level.generator,
        String(level.concurrency),
        level.achieved_rps.toFixed(0),
        formatMs(level.latency.p50_ms),
        p99Text(level.latency),
        formatMs(level.latency.p999_ms),
        formatMs(level.latency.max_ms),
        errorsText(level),
        cpuText(level),
        boundText(level),
        verdictText(level),
      ]),
    ),
  };
}

export function openLoadTable(results: Results, targets: LoadTarget[]): Table {
  return {
    headers: ["Target", "Rate req/s", "Achieved", "p50 ms", "p99 ms (corrected)", "p99 ms (uncorrected)", "Max ms", "Dropped", "Errors", "", "Verdict"],
    align: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "left", "left"],
    muted: targets.flatMap((t) => t.load.open.map((level) => !level.verdict.valid)),
    rows: targets.flatMap((t) =>
      t.load.open.map((level) => [
        targetLabel(t, results),
        String(level.target_rate),
        level.achieved_rps.toFixed(0),
        formatMs(level.latency.p50_ms),
        p99Text(level.latency),
        p99Text(level.uncorrected_latency),
        formatMs(level.latency.max_ms),
        String(level.dropped),
        errorsText(level),
        boundText(level),
        verdictText(level),
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
  // Locust runs no open model unless rates are asked for, and an import has none: there was no rate to try.
  if (load.open.length === 0) return "not measured (no open model was run)";
  // Its open levels are paced closed loops: no corrected p99, so no rate can be called sustainable.
  if (load.open.every((level) => level.generator === "locust")) return "not established (Locust's latency is not corrected for coordinated omission)";
  if (load.sustainable_rps === null) return "none of the rates tried";
  return isLowerBound(load) ? `≥ ${load.sustainable_rps} (the highest rate tried)` : String(load.sustainable_rps);
}

export function calibrationTable(calibration: LevelMeasurement[]): Table {
  return {
    headers: ["Generator", "Connections", "Ceiling req/s", "p99 ms", "Generator CPU"],
    align: ["left", "right", "right", "right", "right"],
    rows: calibration.map((level) => [level.generator, String(level.concurrency), level.achieved_rps.toFixed(0), formatMs(level.latency.p99_ms), cpuText(level)]),
  };
}

/** The highest throughput of a valid closed-model level: a peak an invalid level never sets. */
export function peakClosed(load: LoadResults): LoadLevelResult | undefined {
  return load.closed.filter((level) => level.verdict.valid).sort((a, b) => b.achieved_rps - a.achieved_rps)[0];
}

export const LOAD_NOTE =
  "Closed model: each connection sends its next request when the last is answered. Open model: requests are due at fixed times whatever the server does; " +
  "corrected latency counts from that due time (coordinated omission), uncorrected from the actual send. A request that failed, timed out or was dropped is entered at the timeout, never left out; " +
  "where over 1% were, the p99 is only a lower bound (\"> X\"). crudbench-engine: the closed model driven by crudbench's native engine (a blocking client process per connection, every answer validated by crudbench between batches); crudbench: its Node generator (the open model, and the closed one where the engine is not built). " +
  "wrk drives the same mix, checks status codes only, and has no percentiles where it saw a failed response. " +
  "locust: Locust drives the same mix (every answer validated in the locustfile; its open levels, only where rates were asked for, are paced by Locust in a closed loop: their latency is uncorrected, the sends it missed are counted as dropped, and they give no sustainable rate); its percentiles are whole milliseconds and include failed requests, so they are shown only where none failed; " +
  "it reports no CPU or dispatch lag, so those checks are not made (–); its throughput by quarter comes from its workers' own counts (from an imported run's history only for runs of a minute or more); its headroom is judged by its own ceiling on the echo server (reads, the same workers), and a worker's warning of a CPU over 90% makes a level generator-bound too. " +
  `Every level gets a verdict from checks that need no trust in its latency: Little's law within ${LITTLE_TOLERANCE * 100}% (closed), at least ${MIN_ACHIEVED_SHARE * 100}% of the rate reached (open), ` +
  `throughput stable within ${STABILITY_TOLERANCE * 100}% from the window's first quarter to its last, at most ${MAX_ERROR_SHARE * 100}% failed or dropped, and the generator's headroom ` +
  `(CPU ≤ ${GENERATOR_CPU_LIMIT}% of a core, dispatch lag p99 ≤ ${MAX_DISPATCH_LAG_SHARE * 100}% of the objective, wrk and Locust under ${CEILING_SHARE * 100}% of their own ceilings). ` +
  "An invalid level (✗, greyed) is shown with its reasons and never counts as a sustainable rate or a peak. ⚠ generator-bound: the generator, not the target, may have been the limit.";
