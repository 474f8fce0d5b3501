import type { Results, TargetResult } from "../results/types.js";
import type { ChartName } from "./charts/chart-set.js";
import { caveatLines, databaseMemoryTable, databaseTitle, failedCasesTable, statementsNote, statementsTable, latencyTable, measured, memoryTable, methodText, ormPairs, ormVsRawTable, outcomeTable, relativeTable, summaryLines } from "./report-model.js";
import { calibrationTable, closedLoadTable, LOAD_NOTE, loadTargets, openLoadTable, sustainableTable } from "./load-report.js";
import type { Table } from "./table.js";

export interface RenderedChart {
  name: ChartName;
  title: string;
  svg: string;
}

const STYLE = `
  :root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #ddd; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); margin: 0 auto; padding: 1rem; max-width: 72rem; }
  h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); } h3 { font-size: 1rem; }
  p.meta, figcaption { color: var(--muted); }
  .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
  th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; white-space: nowrap; }
  td.num, th.num { text-align: right; }
  figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
  ul.summary li { margin: .2rem 0; }
  pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; font-size: 13px; }
  .passed { color: #0a6b2f; } .failed { color: #a10f0f; }
`;

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

function htmlTable(table: Table): string {
  const cell = (tag: "th" | "td", text: string, index: number) => `<${tag}${table.align[index] === "right" ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.headers.map((h, i) => cell("th", h, i)).join("")}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map((c, i) => cell("td", c, i)).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function conformanceSection(targets: TargetResult[]): string {
  return targets
    .map((t) => {
      if (!t.conformance) return `<p><strong>${escapeHtml(t.name)}</strong>: not checked (${escapeHtml(t.status)}).</p>`;
      const total = t.conformance.passed + t.conformance.failed;
      const verdict = t.conformance.failed === 0 ? `<span class="passed">all ${total} cases passed</span>` : `<span class="failed">${t.conformance.failed} of ${total} cases failed</span>`;
      const failures = t.conformance.failed > 0 ? htmlTable(failedCasesTable(t)) : "";
      return `<p><strong>${escapeHtml(t.name)}</strong>: ${verdict}.</p>${failures}`;
    })
    .join("\n");
}

/**
 * report.html: one self-contained page (inline CSS and SVG charts, no scripts, no network),
 * readable on a phone. Pure: the charts arrive already rendered.
 */
export function renderHtml(results: Results, charts: RenderedChart[]): string {
  const { config, environment: env, run } = results;
  const targets = measured(results);
  const database = escapeHtml(databaseTitle(results));
  const parts: string[] = [];
  parts.push(`<h1>crudbench report — ${database}</h1>`);
  parts.push(`<p class="meta">Run ${escapeHtml(run.id)} (${escapeHtml(run.status)}), crudbench ${escapeHtml(results.tool.version)}, ${env.cpu_count} × ${escapeHtml(env.cpu_model)}, ${escapeHtml(env.os)}.</p>`);
  parts.push(`<h2>Summary</h2><ul class="summary">${summaryLines(results).map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`);
  const caveats = caveatLines(results);
  if (caveats.length > 0) parts.push(`<h2>Caveats</h2><ul class="caveats">${caveats.map((line) => `<li>⚠ ${escapeHtml(line)}</li>`).join("")}</ul>`);
  parts.push(`<h2>Targets</h2>${htmlTable(outcomeTable(results))}`);
  for (const chart of charts) {
    parts.push(`<figure id="chart-${chart.name}" data-chart="${chart.name}">${chart.svg}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`);
  }
  if (targets.length > 0) {
    parts.push(`<h2>Single CRUD latency</h2>${htmlTable(latencyTable(targets, "single"))}`);
    if (targets.length > 1) parts.push(`<h3>Median relative to the fastest</h3>${htmlTable(relativeTable(results, targets, "single"))}`);
    parts.push(`<h2>Bulk operations (${config.bulk_size} tasks)</h2>${htmlTable(latencyTable(targets, "bulk"))}`);
    if (targets.length > 1) parts.push(`<h3>Median relative to the fastest</h3>${htmlTable(relativeTable(results, targets, "bulk"))}`);
    parts.push(`<h2>Memory</h2>${htmlTable(memoryTable(targets))}`);
    const databaseMemory = databaseMemoryTable(targets);
    if (databaseMemory) parts.push(`<h3>Database server memory (not counted above)</h3>${htmlTable(databaseMemory)}`);
    const statements = statementsTable(targets);
    if (statements) parts.push(`<h2>SQL statements per request</h2><p>${escapeHtml(statementsNote(results))}</p>${htmlTable(statements)}`);
    for (const pair of ormPairs(targets)) {
      parts.push(`<h2>ORM vs raw SQL — ${escapeHtml(pair.language)}</h2>`);
      parts.push(`<h3>Single requests</h3>${htmlTable(ormVsRawTable(results, pair, "single"))}`);
      parts.push(`<h3>Bulk (${config.bulk_size} tasks)</h3>${htmlTable(ormVsRawTable(results, pair, "bulk"))}`);
    }
  }
  const withLoad = loadTargets(results);
  if (withLoad.length > 0) {
    parts.push(`<h2>Throughput under concurrency</h2><p>${escapeHtml(LOAD_NOTE)}</p>`);
    if (results.calibration?.length) parts.push(`<h3>Generator ceilings (bare echo server)</h3>${htmlTable(calibrationTable(results.calibration))}`);
    parts.push(`<h3>Sustainable throughput</h3>${htmlTable(sustainableTable(withLoad))}`);
    parts.push(`<h3>Closed model</h3>${htmlTable(closedLoadTable(withLoad))}`);
    if (withLoad.some((t) => t.load!.open.length > 0)) parts.push(`<h3>Open model</h3>${htmlTable(openLoadTable(withLoad))}`);
  }
  parts.push(`<h2>Conformance</h2>${conformanceSection(results.targets)}`);
  const notMeasured = results.targets.filter((t) => t.status !== "measured");
  for (const t of notMeasured) parts.push(`<h3>${escapeHtml(t.name)}: ${escapeHtml(t.status)}</h3><pre>${escapeHtml(t.reason ?? "")}</pre>`);
  parts.push(`<h2>Method</h2><p>${escapeHtml(methodText(results))}</p>`);
  parts.push(`<h2>Environment and configuration</h2><pre>${escapeHtml(JSON.stringify({ environment: env, config }, null, 2))}</pre>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crudbench report — ${database} — ${escapeHtml(run.id)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join("\n")}
</body>
</html>
`;
}
