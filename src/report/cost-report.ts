import { hasMeasurements } from "../results/target-outcome.js";
import type { BuildCost, MeasuredTarget, Results, StartTimes } from "../results/types.js";
import { formatMb, formatMs, type Table } from "./table.js";
import { targetLabel } from "./target-status.js";

export const COST_NOTE =
  "What each target costs beside its latency. Code lines: the target's own source as counted by cloc (comments, blank lines, docs and config files apart). Dependencies: packages it names itself / all packages it pulls in, from its lock file. Prepare: the last install or build from scratch (the package managers' download caches may have been warm). On disk: what it runs from beyond its source (release binary, virtualenv, compiled output, its share of node_modules). Cold start: spawn to the first 200 from GET /health, and to the first POST /tasks answered (sent as soon as it was ready), median and range over every session's start. Idle RSS: the whole process tree before any request.";

/** Measured targets (their build cost was taken when they passed the gate). */
export function costTargets(results: Results): MeasuredTarget[] {
  return results.targets.filter(hasMeasurements);
}

const thousands = (value: number) => value.toLocaleString("en-US");

/** "1,136 Rust" or "510 (Python 480, SQL 30)". */
function linesCell(cost: BuildCost): string {
  const lines = cost.lines;
  if (!lines) return "–";
  if (lines.languages.length === 1) return `${thousands(lines.code)} ${lines.languages[0]!.language}`;
  return `${thousands(lines.code)} (${lines.languages.map((l) => `${l.language} ${thousands(l.code)}`).join(", ")})`;
}

/** "6.5 s (this run)" or "6.5 s (2026-11-29)". */
function prepareCell(cost: BuildCost, results: Results): string {
  const record = cost.prepare;
  if (!record) return "–";
  const when = record.finished_at >= results.run.started_at ? "this run" : record.finished_at.slice(0, 10);
  return `${record.seconds.toFixed(1)} s (${when})`;
}

const startCell = (times: StartTimes | undefined) => (times ? `${formatMs(times.median_ms)} (${formatMs(times.min_ms)}–${formatMs(times.max_ms)})` : "–");

export function costTable(results: Results, targets: readonly MeasuredTarget[]): Table {
  return {
    headers: ["Target", "Code lines", "Comment / blank", "Dependencies direct / total", "Prepare from scratch", "On disk MB", "Cold start: ready ms", "First POST ms", "Idle RSS MB"],
    align: ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
    rows: targets.map((t) => {
      const cost = t.build_cost;
      return [
        targetLabel(t, results),
        linesCell(cost),
        cost.lines ? `${thousands(cost.lines.comment)} / ${thousands(cost.lines.blank)}` : "–",
        cost.dependencies ? `${cost.dependencies.direct} / ${cost.dependencies.total}` : "–",
        prepareCell(cost, results),
        cost.artefact ? formatMb(cost.artefact.bytes / 2 ** 20) : "–",
        startCell(t.cold_start?.ready),
        startCell(t.cold_start?.first_post),
        formatMb(t.memory?.idle_rss_mb),
      ];
    }),
  };
}

/** "23 KB", "36.3 MB": a part's size on disk. */
function formatBytes(bytes: number): string {
  return bytes < 2 ** 20 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${formatMb(bytes / 2 ** 20)} MB`;
}

/**
 * Why a cell is empty, where a count comes from and what it means, and what is on disk: each
 * distinct sentence once, with the targets it is about (most are shared by a language's targets).
 */
export function costNotes(results: Results, targets: readonly MeasuredTarget[]): string[] {
  const notes = new Map<string, string[]>();
  const note = (text: string, target: MeasuredTarget) => notes.set(text, [...(notes.get(text) ?? []), targetLabel(target, results)]);
  for (const t of targets) {
    const cost = t.build_cost;
    for (const [part, reason] of Object.entries(cost.reasons)) note(`${part}: ${reason}`, t);
    if (cost.dependencies) note(`dependencies from ${cost.dependencies.source}${cost.dependencies.note ? `: ${cost.dependencies.note}` : ""}`, t);
  }
  const shared = [...notes].map(([text, names]) => `${names.join(", ")} — ${text}.`);
  const onDisk = targets.flatMap((t) => (t.build_cost.artefact && t.build_cost.artefact.parts.length > 1 ? [`${targetLabel(t, results)} on disk: ${t.build_cost.artefact.parts.map((p) => `${p.path} ${formatBytes(p.bytes)}`).join(", ")}.`] : []));
  return [...shared, ...onDisk];
}
