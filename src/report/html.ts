import type { ChartName } from "./charts/chart-set.js";
import { buildReportDocument, type Block, type Prose, type ReportDocument } from "./document.js";
import type { Results } from "../results/types.js";
import { shownRow, type Table } from "./table.js";

export interface RenderedChart {
  name: ChartName;
  title: string;
  svg: string;
}

/**
 * The page's layout. Tables wrap their long cells rather than scroll (a 1280 px screen shows
 * every column); a table of numbers wider than a phone scrolls inside its own box, never the
 * page. Verdict rows are tinted, but their words and marks carry the meaning in print and
 * for readers who do not see the colour.
 */
const STYLE = `
  :root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #ddd; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); margin: 0 auto; padding: 1rem; max-width: 80rem; overflow-wrap: break-word; }
  h1 { font-size: 1.15rem; margin: .25rem 0; } h2 { font-size: 1.2rem; margin-top: 1.75rem; border-bottom: 1px solid var(--line); } h3 { font-size: 1rem; }
  p.meta, figcaption { color: var(--muted); margin: .25rem 0; }
  p.alert { border-left: 4px solid #D55E00; background: #fff4ec; padding: .4rem .75rem; font-weight: 600; margin: .5rem 0; }
  .scroll { max-width: 100%; overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
  th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
  td.num, th.num { text-align: right; overflow-wrap: normal; }
  td.num, td.word { white-space: nowrap; }
  tr.muted td { color: #767676; }
  tr.tone-good td { background: #e6f4ea; } tr.tone-good td:last-child { box-shadow: inset 4px 0 #1b7f3b; }
  tr.tone-bad td { background: #fdeaea; } tr.tone-bad td:last-child { box-shadow: inset 4px 0 #b3261e; }
  tr.tone-unsettled td { background: #fff6db; } tr.tone-unsettled td:last-child { box-shadow: inset 4px 0 #9a6700; }
  tr.tone-unknown td { background: #f1f1f1; } tr.tone-unknown td:last-child { box-shadow: inset 4px 0 #767676; }
  tr[class^="tone-"] td:last-child { font-weight: 600; white-space: nowrap; }
  /* The claims table's columns sized so that most rows take two lines and the table fits the first screen (1280 × 800). */
  @media (min-width: 601px) {
    tr[class^="tone-"] td:nth-child(1) { width: 31%; } tr[class^="tone-"] td:nth-child(2) { width: 34%; } tr[class^="tone-"] td:nth-child(3) { width: 24%; }
  }
  figure { margin: 1rem 0; } figure svg { display: block; width: 100%; height: auto; }
  ul.summary li, ul.caveats li { margin: .2rem 0; }
  details { margin: .5rem 0; } summary { cursor: pointer; color: var(--muted); }
  code { font-size: 13px; overflow-wrap: anywhere; }
  pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
  @media (max-width: 600px) {
    body { padding: .5rem; font-size: 14px; }
    th, td { padding: .2rem .3rem; }
    table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
    table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    table.cards tr { border: 1px solid var(--line); margin-bottom: .5rem; }
    table.cards td { border: none; border-top: 1px solid var(--line); text-align: left; white-space: normal; }
    table.cards td::before { content: attr(data-label); display: block; font-size: .8em; font-weight: 600; color: var(--muted); }
    table.cards tr[class^="tone-"] td:last-child { padding-left: .6rem; }
  }
  @media print {
    body { max-width: none; padding: 0; font-size: 10pt; color: #000; }
    h2, h3 { break-after: avoid; }
    .scroll { overflow: visible; }
    /* Smaller type and any-character wrapping so the widest table (latency, nine columns) fits an A4 page. */
    table { width: 100%; font-size: 8.5pt; }
    th, td { overflow-wrap: anywhere; padding: .15rem .25rem; }
    td.num, tr[class^="tone-"] td:last-child { white-space: normal; }
    tr, figure { break-inside: avoid; }
    figure svg { max-height: 24cm; }
    tr[class^="tone-"] td { background: none; box-shadow: none; }
    p.alert { background: none; border: 2px solid #000; }
    /* Folded detail is printed open: paper has no "click to open". */
    details::details-content { content-visibility: visible; display: contents; }
    summary { color: #000; font-weight: 600; }
  }
`;

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

const prose = (text: Prose) => text.map((part) => (typeof part === "string" ? escapeHtml(part) : `<code>${escapeHtml(part.code)}</code>`)).join("");

/**
 * A table of words (most columns left-aligned: the claims, the targets) becomes one card per
 * row on a phone, each cell under its header's name, so it never scrolls; a table of numbers
 * keeps its columns, which is what makes it readable, and scrolls in its own box if it must.
 */
/** The longest cell kept on one line in a column of single words. */
const MAX_UNBROKEN = 24;

const isWordTable = (table: Table) => table.align.filter((a) => a === "left").length * 2 > table.align.length;

function htmlTable(table: Table): string {
  // A column of short single words (target names like actix-diesel) is kept whole: breaking
  // it at its hyphen reads as two names, and a longer column has room to wrap instead.
  const unbroken = table.headers.map((_, index) => table.rows.length > 0 && table.rows.every((row) => (row[index] ?? "").length <= MAX_UNBROKEN && !/\s/.test(row[index] ?? "")));
  const numeric = (index: number) => (table.align[index] === "right" ? ' class="num"' : unbroken[index] ? ' class="word"' : "");
  const head = `<tr>${table.headers.map((h, i) => `<th${numeric(i)}>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const cards = isWordTable(table);
  // A card shows each cell under its header's name (CSS reads it from data-label).
  const label = (index: number) => (cards ? ` data-label="${escapeHtml(table.headers[index] ?? "")}"` : "");
  const rowClass = (index: number) => [table.muted?.[index] ? "muted" : "", table.tones?.[index] ? `tone-${table.tones[index]}` : ""].filter(Boolean).join(" ");
  const body = table.rows
    .map((_, index) => {
      const classes = rowClass(index);
      const cells = shownRow(table, index).map((c, i) => `<td${numeric(i)}${label(i)}>${escapeHtml(c)}</td>`);
      return `<tr${classes ? ` class="${classes}"` : ""}>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<div class="scroll"><table${cards ? ' class="cards"' : ""}><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function block(b: Block, charts: readonly RenderedChart[]): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${prose(b.text)}</p>`;
    case "list":
      return `<ul class="${b.role}">${b.items.map((item) => `<li>${prose(item)}</li>`).join("")}</ul>`;
    case "table":
      return htmlTable(b.table);
    case "details":
      return `<details><summary>${escapeHtml(b.summary)}</summary>${b.blocks.map((inner) => block(inner, charts)).join("\n")}</details>`;
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
