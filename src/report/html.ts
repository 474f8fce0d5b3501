import type { ChartName } from "./charts/chart-set.js";
import { buildReportDocument, type Block, type Prose, type ReportDocument } from "./document.js";
import type { Results } from "../results/types.js";
import { shownRow, type Table } from "./table.js";

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
  p.alert { border-left: 4px solid #D55E00; background: #fff4ec; padding: .5rem .75rem; font-weight: 600; }
  .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
  th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; white-space: nowrap; }
  td.num, th.num { text-align: right; }
  tr.muted td { color: #767676; }
  figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
  ul.summary li, ul.caveats li { margin: .2rem 0; }
  code { font-size: 13px; }
  pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; font-size: 13px; }
`;

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

const prose = (text: Prose) => text.map((part) => (typeof part === "string" ? escapeHtml(part) : `<code>${escapeHtml(part.code)}</code>`)).join("");

function htmlTable(table: Table): string {
  const cell = (tag: "th" | "td", text: string, index: number) => `<${tag}${table.align[index] === "right" ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.headers.map((h, i) => cell("th", h, i)).join("")}</tr>`;
  const body = table.rows.map((_, index) => `<tr${table.muted?.[index] ? ' class="muted"' : ""}>${shownRow(table, index).map((c, i) => cell("td", c, i)).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function block(b: Block, charts: readonly RenderedChart[]): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${prose(b.text)}</p>`;
    case "list":
      return `<ul class="${b.role}">${b.items.map((item) => `<li>${prose(item)}</li>`).join("")}</ul>`;
    case "table":
      return htmlTable(b.table);
    case "figure": {
      // The SVG is our own chart, inlined as is: the page needs no file beside it.
      const svg = charts.find((chart) => chart.name === b.chart)?.svg ?? "";
      return `<figure id="chart-${b.chart}" data-chart="${b.chart}">${svg}<figcaption>${escapeHtml(b.title)}</figcaption></figure>`;
    }
    case "preformatted":
      return `<pre class="${b.language}">${escapeHtml(b.text)}</pre>`;
  }
}

/** The document as one HTML page: inline CSS and SVG, no scripts, no network. Pure. */
export function serialiseHtml(document: ReportDocument, charts: readonly RenderedChart[]): string {
  const body = [`<h1>${escapeHtml(document.title)}</h1>`, `<p class="meta">${prose(document.meta)}</p>`, ...document.alerts.map((alert) => `<p class="alert" role="alert">${prose(alert)}</p>`)];
  for (const section of document.sections) {
    body.push(`<h${section.level} id="${escapeHtml(section.id)}">${escapeHtml(section.heading)}</h${section.level}>`, ...section.blocks.map((b) => block(b, charts)));
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.shortTitle)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}

/**
 * report.html: one self-contained page readable on a phone. Pure: the charts arrive
 * already rendered, and the page shows the same figures report.md links to.
 */
export function renderHtml(results: Results, charts: readonly RenderedChart[]): string {
  return serialiseHtml(buildReportDocument(results, charts), charts);
}
