import { findComparison } from "../stats/comparisons.js";
import { CRUD_OPERATIONS, type MeasuredTarget, type Results } from "../results/types.js";
import { dataTargetsOf, fastestTarget, frameworkPairs, latencyTargetsOf, ormPairs, type LatencyTarget } from "./report-model.js";
import { formatMb, formatRatio } from "./table.js";
import { targetLabel } from "./target-status.js";

/**
 * The questions people ask of a web-backend benchmark — "Python or Rust?", "ORM or raw
 * SQL?", "Memory?" — each answered in one sentence, from the stored paired comparisons and
 * memory medians. Nothing is computed here but the span (lowest to highest) of stored ratios.
 */

/** The paired ratios candidate / baseline over the single operations: their span, and how many are established. */
export interface RatioSpan {
  low: number;
  high: number;
  settled: number;
  count: number;
}

export function ratioSpan(results: Results, candidate: string, baseline: string): RatioSpan | undefined {
  const comparisons = CRUD_OPERATIONS.map((op) => findComparison(results.comparisons, `single.${op}`, candidate, baseline)).filter((c) => c !== undefined);
  if (comparisons.length === 0) return undefined;
  const ratios = comparisons.map((c) => c.ratio);
  return { low: Math.min(...ratios), high: Math.max(...ratios), settled: comparisons.filter((c) => c.verdict !== "same").length, count: comparisons.length };
}

/** "1.71×–2.54×", or "2.00×" when the ratios print alike (9.9996 and 10.0004 are both "10.0×"). */
export function spanText(span: RatioSpan): string {
  const [low, high] = [formatRatio(span.low), formatRatio(span.high)];
  return low === high ? low : `${low}–${high}`;
}

/** "established for 3 of 8 operations": the share of paired ratios whose difference the run resolved. */
const settledText = (settled: number, count: number) => `established for ${settled} of ${count} ${count === 1 ? "comparison" : "comparisons"}`;

/**
 * "Language (raw SQL, single requests): Rust (actix-raw) answers 3.90×–4.20× faster than
 * Python (flask-raw), …". Each language is represented by its raw-SQL target with the lowest
 * single-read median, so the ORM's cost does not blur the language's.
 */
export function languageAnswer(results: Results): string | undefined {
  const raw = latencyTargetsOf(results).filter((t) => t.data_access.style === "raw");
  const languages = [...new Set(raw.map((t) => t.language))];
  const champions = languages.flatMap((language) => fastestTarget(raw.filter((t) => t.language === language), "single", "read") ?? []);
  if (champions.length < 2) return undefined;
  const [fastest, ...others] = champions.sort((a, b) => a.single.read.median_ms! - b.single.read.median_ms!) as [LatencyTarget, ...LatencyTarget[]];
  const who = (t: LatencyTarget) => `${t.language} (${targetLabel(t, results)})`;
  const clauses: string[] = [];
  let settled = 0;
  let count = 0;
  for (const other of others) {
    // other / fastest: above 1 is how many times faster the fastest language answers.
    const span = ratioSpan(results, other.name, fastest.name);
    if (!span) continue;
    settled += span.settled;
    count += span.count;
    clauses.push(span.low >= 1 ? `${spanText(span)} faster than ${who(other)}` : `${who(other)} takes ${spanText(span)} its time`);
  }
  if (clauses.length === 0) return undefined;
  return `Language (raw SQL, single requests): ${who(fastest)} answers ${clauses.join(", ")}; ${settledText(settled, count)}.`;
}

/** "ORM cost (single requests, same framework; ORM time ÷ raw SQL time): Rust 1.01×–1.29× (actix-diesel vs actix-raw), …". */
export function ormAnswer(results: Results): string | undefined {
  const clauses: string[] = [];
  let settled = 0;
  let count = 0;
  for (const pair of ormPairs(latencyTargetsOf(results))) {
    const span = ratioSpan(results, pair.orm.name, pair.raw.name);
    if (!span) continue;
    settled += span.settled;
    count += span.count;
    clauses.push(`${pair.language} ${spanText(span)} (${pair.orm.name} vs ${pair.raw.name})`);
  }
  if (clauses.length === 0) return undefined;
  return `ORM cost (single requests, same framework; ORM time ÷ raw SQL time): ${clauses.join(", ")}; ${settledText(settled, count)}.`;
}

/** One line per pair of frameworks sharing a language and data-access library. */
export function frameworkAnswers(results: Results): string[] {
  return frameworkPairs(latencyTargetsOf(results)).flatMap((pair) => {
    const span = ratioSpan(results, pair.candidate.name, pair.baseline.name);
    return span
      ? [`Framework cost in ${pair.language} with ${pair.library}: ${pair.candidate.name} takes ${spanText(span)} the time of ${pair.baseline.name} on single requests; ${settledText(span.settled, span.count)}.`]
      : [];
  });
}

/**
 * "Memory (peak RSS): lowest actix-raw 7.4 MB, highest fastapi-orm 181.3 MB; lowest per
 * language: Rust 7.4 MB (actix-raw), …". Peak RSS is what a reader sizes a machine by.
 */
export function memoryAnswer(results: Results): string | undefined {
  const measured = dataTargetsOf(results)
    .flatMap((t) => (t.memory ? [{ target: t, peak: t.memory.peak_rss_mb }] : []))
    .sort((a, b) => a.peak - b.peak);
  const lowest = measured[0];
  const highest = measured.at(-1);
  if (!lowest || !highest) return undefined;
  const named = (entry: { target: MeasuredTarget; peak: number }) => `${targetLabel(entry.target, results)} ${formatMb(entry.peak)} MB`;
  if (measured.length === 1) return `Memory (peak RSS): ${named(lowest)}.`;
  const languages = [...new Set(measured.map((m) => m.target.language))];
  const perLanguage =
    languages.length > 1
      ? `; lowest per language: ${languages.map((language) => {
          const best = measured.find((m) => m.target.language === language)!;
          return `${language} ${formatMb(best.peak)} MB (${best.target.name})`;
        }).join(", ")}`
      : "";
  return `Memory (peak RSS): lowest ${named(lowest)}, highest ${named(highest)}${perLanguage}.`;
}
