import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS, type Results } from "../../results/types.js";
import { findComparison } from "../../stats/comparisons.js";
import type { Group, OrmPair } from "../report-model.js";
import { formatRatio } from "../table.js";
import { axisTitle, CHART_CONFIG, valueScale, type ColourScale } from "./chart-style.js";

export interface OrmRow {
  language: string;
  operation: string;
  target: string;
  style: "raw" | "orm";
  median: number;
  /** ORM / raw as the stored comparison gives it, on the orm row only (where the label is drawn). */
  ratio: string | null;
}

export function ormRows(results: Results, pairs: OrmPair[], group: Group): OrmRow[] {
  const rows: OrmRow[] = [];
  for (const pair of pairs) {
    for (const operation of CRUD_OPERATIONS) {
      const raw = pair.raw[group][operation].median_ms;
      const orm = pair.orm[group][operation].median_ms;
      if (raw === null || orm === null) continue;
      // The label is looked up, not divided here: the chart says what the tables say.
      const comparison = findComparison(results.comparisons, `${group}.${operation}`, pair.orm.name, pair.raw.name);
      rows.push({ language: pair.language, operation, target: pair.raw.name, style: "raw", median: raw, ratio: null });
      rows.push({ language: pair.language, operation, target: pair.orm.name, style: "orm", median: orm, ratio: comparison ? formatRatio(comparison.ratio) : null });
    }
  }
  return rows;
}

/** Per language, single CRUD medians of the raw and orm target side by side, the ratio printed over the orm bar. */
export function ormVsRawChartSpec(rows: OrmRow[], colours: ColourScale): TopLevelSpec {
  const { log, scale, barBase } = valueScale(rows.map((row) => row.median));
  const y = { field: "median", type: "quantitative" as const, scale, stack: null, title: axisTitle("median latency, ms", log) };
  const shown = [...new Set(rows.map((row) => row.target))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "ORM vs raw SQL: single requests", subtitle: "label: ORM median ÷ raw median" },
    data: { values: rows },
    facet: { column: { field: "language", type: "nominal", title: null, header: { labelFontSize: 13 } } },
    spec: {
      width: 260,
      height: 260,
      encoding: {
        x: { field: "operation", type: "nominal", sort: [...CRUD_OPERATIONS], title: null, axis: { labelAngle: 0 } },
        xOffset: { field: "style", type: "nominal", sort: ["raw", "orm"] },
        y,
      },
      layer: [
        {
          mark: { type: "bar" },
          encoding: { y2: { datum: barBase }, color: { field: "target", type: "nominal", scale: colours, legend: { title: "target", orient: "bottom", values: shown } } },
        },
        { transform: [{ filter: "datum.ratio != null" }], mark: { type: "text", dy: -6, fontSize: 11, fontWeight: "bold" }, encoding: { text: { field: "ratio" } } },
      ],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
