import { buildReportDocument, type Block, type Prose, type ReportDocument } from "./document.js";
import { escapeHtml } from "./html.js";
import { markdownTable } from "./table.js";

/**
 * Characters that would turn prose into Markdown syntax (emphasis, code, raw HTML). The
 * underscore is left alone: GitHub-flavoured Markdown never reads one inside a word
 * (journal_mode) as emphasis, and escaping it would clutter the raw file.
 */
const escapeText = (text: string) => text.replace(/[\\`*<]/g, (c) => `\\${c}`);

/** A code span, with a fence longer than any backtick run inside it. */
function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${code} ${fence}` : `${fence}${code}${fence}`;
}

const prose = (text: Prose) => text.map((part) => (typeof part === "string" ? escapeText(part) : codeSpan(part.code))).join("");

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return prose(b.text);
    case "list":
      return b.items.map((item) => `- ${prose(item)}`).join("\n");
    case "table":
      return markdownTable(b.table);
    case "details":
      // Raw HTML, which GitHub renders folded; the blank lines let the Markdown inside it render.
      return [`<details>\n<summary>${escapeHtml(b.summary)}</summary>`, ...b.blocks.map(block), "</details>"].join("\n\n");
    case "figure":
      return `![${escapeText(b.title)}](charts/${b.chart}.png)`;
    case "preformatted": {
      const longest = Math.max(2, ...(b.text.match(/`{3,}/g) ?? []).map((run) => run.length));
      const fence = "`".repeat(longest + 1);
      return `${fence}${b.language}\n${b.text}\n${fence}`;
    }
  }
}

/** The document as Markdown: headings, paragraphs, pipe tables, fenced blocks. Pure. */
export function serialiseMarkdown(document: ReportDocument): string {
  const out = [`# ${escapeText(document.title)}`, prose(document.meta), ...document.alerts.map((alert) => `> **${prose(alert)}**`)];
  for (const section of document.sections) {
    out.push(`${"#".repeat(section.level)} ${escapeText(section.heading)}`, ...section.blocks.map(block));
  }
  return `${out.join("\n\n")}\n`;
}

/**
 * report.md: ready to paste in a pull request, with the PNG charts embedded by relative
 * path (charts/<name>.png) so it renders on a code host. Pure.
 */
export function renderMarkdown(...args: Parameters<typeof buildReportDocument>): string {
  return serialiseMarkdown(buildReportDocument(...args));
}
