import type { ClaimOutcome, ClaimPart, ClaimsEvaluation, ClaimVerdict } from "../results/types.js";
import { formatRatio, type RowTone, type Table } from "./table.js";

/**
 * The claims checked against a run, as tables: one row per claim for the report's first
 * screen and `crudbench claims`, one row per part for the details. Every figure is read
 * from results.claims; nothing here evaluates a claim.
 */

/** A verdict in a word and a mark, so it reads without colour. */
export const OUTCOME_LABEL: Record<ClaimOutcome, string> = {
  holds: "✓ holds",
  refuted: "✗ refuted",
  "not-settled": "~ not settled",
  "not-measured": "? not measured",
};

/** The colour a verdict's row takes where colour is shown (beside its word and mark, never instead). */
export const OUTCOME_TONE: Record<ClaimOutcome, RowTone> = {
  holds: "good",
  refuted: "bad",
  "not-settled": "unsettled",
  "not-measured": "unknown",
};

/**
 * Beyond these a bound says only that the sessions were too few or too far apart to bound
 * the value (a t-interval from 2 sessions at Bonferroni coverage can reach 10^20×): it is
 * written as "> 1000×", not as twenty digits.
 */
const SHOWN_LIMIT: Record<ClaimPart["unit"], number> = { "×": 1000, "%": 1000, MB: 100_000 };

function formatValue(value: number, unit: ClaimPart["unit"]): string {
  const limit = SHOWN_LIMIT[unit];
  if (unit === "×" && value > 0 && value < 1 / limit) return `< ${1 / limit}×`;
  if (Math.abs(value) > limit) {
    const bound = unit === "×" ? `${limit}×` : unit === "%" ? `${limit}%` : `${limit} MB`;
    return value > 0 ? `> ${bound}` : `< −${bound}`;
  }
  if (unit === "×") return formatRatio(value);
  if (unit === "%") return `${value.toFixed(Math.abs(value) < 10 ? 1 : 0)}%`;
  return `${value.toFixed(1)} MB`;
}

/** "7.12× [6.50×, 7.81×] (98.8%)", or the value alone where the part has no interval, or "–". */
export function partCell(part: ClaimPart): string {
  if (part.value === null) return "–";
  const value = formatValue(part.value, part.unit);
  if (!part.interval) return value;
  const coverage = part.coverage === null ? "" : ` (${Number((part.coverage * 100).toFixed(2))}%)`;
  return `${value} [${formatValue(part.interval[0], part.unit)}, ${formatValue(part.interval[1], part.unit)}]${coverage}`;
}

/** One part as it is; several as the range of their values and the outermost interval bounds. */
function measuredCell(verdict: ClaimVerdict): string {
  const measured = verdict.parts.filter((part): part is ClaimPart & { value: number } => part.value !== null);
  if (measured.length === 0) return "–";
  if (verdict.parts.length === 1) return partCell(measured[0]!);
  const unit = measured[0]!.unit;
  const values = measured.map((part) => part.value);
  const [lowest, highest] = [formatValue(Math.min(...values), unit), formatValue(Math.max(...values), unit)];
  // Parts that print alike are one value, not a range of one.
  const range = lowest === highest ? lowest : `${lowest}–${highest}`;
  const bounds = measured.flatMap((part) => part.interval ?? []);
  const within = bounds.length > 0 ? `, intervals [${formatValue(Math.min(...bounds), unit)}, ${formatValue(Math.max(...bounds), unit)}]` : "";
  const missing = verdict.parts.length - measured.length;
  return `${range} (${measured.length} parts)${within}${missing > 0 ? `; ${missing} not measured` : ""}`;
}

export function claimsTable(evaluation: ClaimsEvaluation): Table {
  return {
    headers: ["Claim", "Checked as", "Measured", "Verdict"],
    align: ["left", "left", "left", "left"],
    rows: evaluation.verdicts.map((verdict) => [`${verdict.id}: ${verdict.text}`, verdict.expected, measuredCell(verdict), OUTCOME_LABEL[verdict.outcome]]),
    tones: evaluation.verdicts.map((verdict) => OUTCOME_TONE[verdict.outcome]),
  };
}

/** Every part of every claim, with why a part is not settled or not measured. */
export function claimPartsTable(evaluation: ClaimsEvaluation): Table {
  return {
    headers: ["Claim", "Metric", "Compared", "Measured [interval] (coverage)", "Verdict", "Why"],
    align: ["left", "left", "left", "left", "left", "left"],
    rows: evaluation.verdicts.flatMap((verdict) =>
      verdict.parts.map((part) => [verdict.id, part.metric, `${part.subject} vs ${part.versus}`, partCell(part), OUTCOME_LABEL[part.outcome], part.reason ?? ""]),
    ),
    tones: evaluation.verdicts.flatMap((verdict) => verdict.parts.map((part) => OUTCOME_TONE[part.outcome])),
  };
}

/** "Claims (claims/seed-report.yaml): 2 hold, 3 refuted, 1 not settled, 1 not measured." */
export function claimsSummaryLine(evaluation: ClaimsEvaluation): string {
  const { counts } = evaluation;
  const parts = [
    counts.holds > 0 ? `${counts.holds} ${counts.holds === 1 ? "holds" : "hold"}` : "",
    counts.refuted > 0 ? `${counts.refuted} refuted` : "",
    counts["not-settled"] > 0 ? `${counts["not-settled"]} not settled` : "",
    counts["not-measured"] > 0 ? `${counts["not-measured"]} not measured` : "",
  ].filter((part) => part !== "");
  const source = evaluation.source ? `; source: ${evaluation.source}` : "";
  return `Claims (${evaluation.file}${source}): ${parts.length > 0 ? parts.join(", ") : "none"}.`;
}
