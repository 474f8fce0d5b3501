import { hasMeasurements } from "../results/target-outcome.js";
import type { LatencyConfig, MeasuredTarget, Results, TargetResult } from "../results/types.js";

/**
 * How a target's outcome reads in a report: the mark that follows its name wherever its
 * figures appear, its status cell, and the heading that explains it. One place, so a
 * partial target is called the same thing in every table, section and format.
 */

/** "3/8", or undefined when no latency sessions were asked for (a load-only run). */
function sessionsDone(target: MeasuredTarget, latency: LatencyConfig | null): string | undefined {
  return latency ? `${target.sessions_completed}/${latency.sessions}` : undefined;
}

/**
 * "flask-raw (partial: 3/8 sessions)": the name, marked when its figures come from a measurement
 * that did not run to the end, so no reader takes them for a complete one.
 */
export function targetLabel(target: MeasuredTarget, results: Results): string {
  const mark = unfinishedMark(target, results.config.latency);
  return mark ? `${target.name} (${mark})` : target.name;
}

function unfinishedMark(target: MeasuredTarget, latency: LatencyConfig | null): string | undefined {
  const sessions = sessionsDone(target, latency);
  switch (target.status) {
    case "measured":
      return undefined;
    case "partial":
      return sessions ? `partial: ${sessions} sessions` : "partial";
    default:
      // Any other state that holds measurements is one whose measuring had not ended when
      // results.json was last written (a run still going, or killed outright).
      return sessions ? `unfinished: ${sessions} sessions` : "unfinished";
  }
}

/** The Sessions cell of the targets table: latency sessions finished of those asked for. */
export function sessionsCell(target: TargetResult, results: Results): string {
  return hasMeasurements(target) ? (sessionsDone(target, results.config.latency) ?? "–") : "–";
}

const firstLine = (text: string) => text.split("\n")[0]!;

/**
 * Why a `qualified` target has no figures: it passed the gate, then the run ended before its
 * turn. A run still "running" may instead just not have got to it (reports are rendered
 * during a run too), so there the sentence allows for both.
 */
function notMeasuredReason(results: Results): string {
  const stopped = "the run stopped before this target was measured";
  return results.run.status === "running" ? `${stopped} (or, if it is still going, has not reached it yet)` : stopped;
}

/** The Status cell of the targets table. */
export function statusCell(target: TargetResult, results: Results): string {
  switch (target.status) {
    case "measured":
      return target.warnings.length > 0 ? `measured, ${target.warnings.length} warning(s)` : "measured";
    case "partial":
      return `${unfinishedMark(target, results.config.latency)} (${target.stopped_by}): ${firstLine(target.reason)}`;
    case "qualified":
      return `not measured: ${notMeasuredReason(results)}`;
    case "skipped":
    case "failed-prepare":
    case "failed-start":
    case "failed-conformance":
    case "interrupted":
      return `${target.status}: ${firstLine(target.reason)}`;
    default:
      return hasMeasurements(target) ? `${unfinishedMark(target, results.config.latency)}: still being measured when the results were written` : (target as TargetResult).status;
  }
}

/** The heading of a target's entry under "Targets not fully measured". */
export function outcomeHeading(target: TargetResult): string {
  switch (target.status) {
    case "partial":
      return `${target.name}: partial (${target.stopped_by})`;
    case "qualified":
      return `${target.name}: not measured`;
    default:
      // A state with measurements left here was still being measured (see unfinishedMark).
      return `${target.name}: ${hasMeasurements(target) ? "unfinished" : target.status}`;
  }
}

/** The sentence that opens a target's entry under "Targets not fully measured", if any. */
export function outcomeSentence(target: TargetResult, results: Results): string | undefined {
  const latency = results.config.latency;
  switch (target.status) {
    case "partial": {
      const sessions = latency ? `It finished ${target.sessions_completed} of ${latency.sessions} latency sessions` : "Its measuring stopped early";
      return `${sessions} (stopped by: ${target.stopped_by}); the figures shown for it come from what was measured before that.`;
    }
    case "qualified":
      return `Passed conformance; not measured: ${notMeasuredReason(results)}.`;
    default:
      return hasMeasurements(target) && target.status !== "measured"
        ? "Still being measured when results.json was last written: the run was killed, or is still going; the figures shown for it are what was measured so far."
        : undefined;
  }
}

/** Why the target is in "Targets not fully measured", verbatim from the results, if recorded. */
export function reasonOf(target: TargetResult): string | undefined {
  return "reason" in target ? target.reason : undefined;
}
