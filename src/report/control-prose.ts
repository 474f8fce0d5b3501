import type { Results } from "../results/types.js";
import { A_A_PRECISION_LIMIT } from "../stats/comparisons.js";
import { ratioIntervalText } from "./report-model.js";
import { formatPercent, formatRatio, formatShare } from "./table.js";

/**
 * The A/A control in words: the same echo server measured twice per block under two names
 * (echo-a, echo-b). Their paired ratio should be 1; how far its interval reaches is the
 * smallest difference this run can resolve, whatever the targets.
 */

const SAME_SERVER = "the same server measured twice";

/** The summary's line on the method's precision; undefined for a run without latency sessions. */
export function controlLine(results: Results): string | undefined {
  if (!results.config.latency) return undefined;
  const control = results.control;
  if (!control) return "Method precision of this run is unknown: the A/A control was not measured (no latency session ran).";
  if (!control.measured) return `Method precision of this run is unknown: ${control.reason}.`;
  if (control.ratio_ci95 === null || control.precision === null) return `Method precision of this run is unknown: the A/A control needs two sessions for an interval, and ran in ${control.sessions}.`;
  const missing = control.missing ? ` It is missing from part of the run: ${control.missing}.` : "";
  return `Method precision of this run: ${SAME_SERVER}: ${formatRatio(control.ratio)} ${ratioIntervalText(control)} (±${formatPercent(control.precision)}, ${control.sessions} sessions).${missing}`;
}

/** The warning that opens the report when the control's interval is wider than the limit the method promises. */
export function controlAlert(results: Results): string | undefined {
  const control = results.control;
  if (!control?.measured || control.precision === null || control.precision <= A_A_PRECISION_LIMIT) return undefined;
  const limit = formatShare(A_A_PRECISION_LIMIT);
  return (
    `⚠ The A/A control interval is wider than ±${limit}: ${SAME_SERVER} gave ${formatRatio(control.ratio)} ${ratioIntervalText(control)} (±${formatPercent(control.precision)}), ` +
    `so differences smaller than that are not resolved by this run; the machine was too noisy, or the run too short (more --sessions or --blocks).`
  );
}
