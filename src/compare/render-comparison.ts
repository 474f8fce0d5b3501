import { markdownTable } from "../report/table.js";
import type { RunComparison } from "./compare-runs.js";

const signedPercent = (share: number) => `${share >= 0 ? "+" : "−"}${Math.abs(share * 100).toFixed(1)}%`;
const value = (number: number, unit: string) => `${number < 10 ? number.toFixed(3) : number.toFixed(1)} ${unit}`;

/** The comparison as Markdown, for a pull-request comment. Pure. */
export function renderComparisonMarkdown(comparison: RunComparison, baselineLabel: string, candidateLabel: string): string {
  const table = markdownTable({
    headers: ["Target", "Metric", "Baseline", "New", "Change [bootstrap interval, nominal 95%]", "p", "Verdict"],
    align: ["left", "left", "right", "right", "right", "right", "left"],
    rows: comparison.changes.map((c) => [
      c.target,
      c.metric,
      value(c.baseline, c.unit),
      value(c.candidate, c.unit),
      `${signedPercent(c.change)} [${signedPercent(c.change_ci95[0])}, ${signedPercent(c.change_ci95[1])}]`,
      c.p_value < 0.001 ? "<0.001" : c.p_value.toFixed(3),
      c.verdict === "regressed" ? "❌ regressed" : c.verdict === "improved" ? "✅ improved" : "~",
    ]),
  });
  const verdict =
    comparison.changes.length === 0
      ? "**Nothing was compared.**"
      : comparison.regressions > 0
        ? `**${comparison.regressions} significant regression(s) beyond ${(comparison.threshold * 100).toFixed(1)}%.**`
        : `No significant regression beyond ${(comparison.threshold * 100).toFixed(1)}%.`;
  const warnings = comparison.warnings.map((warning) => `- ⚠ ${warning}`).join("\n");
  const unmatched = comparison.unmatched.length > 0 ? `\n\nIn only one of the runs (not compared): ${comparison.unmatched.join(", ")}.` : "";
  return `## crudbench comparison\n\nBaseline: \`${baselineLabel}\` · New: \`${candidateLabel}\`\n\n${warnings ? `${warnings}\n\n` : ""}${verdict}\n\n${table}${unmatched}\n\nLower is better for every metric. The runs' sessions are independent, so the comparison is unpaired: a change is a regression or improvement only when the Mann–Whitney test over the session medians (memory: per-session values) gives p < 0.05, its percentile-bootstrap interval (nominal 95%: with about ten session medians a side its true coverage is somewhat lower) excludes no change, and it exceeds the threshold.\n`;
}
