/**
 * The table model every output shares: report.md and report.html (through the report
 * document), `crudbench list` and `crudbench compare`. Cells are finished text; a serialiser
 * only escapes and lays them out, it never computes a statistic.
 */
export type Align = "left" | "right";

/**
 * How a row reads at a glance (a claim's verdict): coloured where the format can. Never the
 * only carrier of the meaning — the row's own text says it in a word — so Markdown ignores it.
 */
export type RowTone = "good" | "bad" | "unsettled" | "unknown";

export interface Table {
  headers: string[];
  align: Align[];
  rows: string[][];
  /** Rows a reader must not use (an invalid load level): greyed where the format can, and their first cell marked. */
  muted?: boolean[];
  /** A tone per row (undefined: none), shown as colour in HTML only. */
  tones?: (RowTone | undefined)[];
}

/** The mark a muted row's first cell carries in every format, so it shows where colour does not. */
const MUTED_MARK = "✗ ";

/** A row's cells as every format shows them: a muted row's first cell marked. */
export function shownRow(table: Table, index: number): string[] {
  const row = table.rows[index]!;
  return table.muted?.[index] ? [`${MUTED_MARK}${row[0] ?? ""}`, ...row.slice(1)] : row;
}

export function markdownTable(table: Table): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|").replaceAll("\n", " ");
  const lines = [
    `| ${table.headers.map(escape).join(" | ")} |`,
    `|${table.align.map((a) => (a === "right" ? "---:" : "---")).join("|")}|`,
    ...table.rows.map((_, index) => `| ${shownRow(table, index).map(escape).join(" | ")} |`),
  ];
  return lines.join("\n");
}

/** Milliseconds with precision that suits their size: 0.412, 3.57, 48.2, 1234. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

export function formatMb(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : value.toFixed(1);
}

/** "2.31×" for a ratio; "–" when either side is missing. */
export function formatRatio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  // 9.9996 rounds to "10.00" at two decimals: shown as "10.0×", like every ratio from 10 up.
  const twoDecimals = value.toFixed(2);
  return `${Number(twoDecimals) >= 10 ? value.toFixed(1) : twoDecimals}×`;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** A threshold as people write it: 0.05 → "5%", 0.025 → "2.5%" (no float noise, no padding zeros). */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
