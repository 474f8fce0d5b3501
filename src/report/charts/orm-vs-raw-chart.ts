import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS, type MeasuredTarget } from "../../results/types.js";
import type { OrmPair } from "../report-model.js";
import { axisTitle, CHART_CONFIG, valueScale, type ColourScale } from "./chart-style.js";

export interface OrmRow {
  language: string;
  operation: string;
  target: string;
  style: "raw" | "orm";
  median: number;
  /** orm median / raw median, on the orm row only (where the label is drawn). */
  ratio: string | null;
}

export function ormRows(pairs: OrmPair[], pick: (t: MeasuredTarget) => MeasuredTarget["single"]): OrmRow[] {
  const rows: OrmRow[] = [];
  for (const pair of pairs) {
    for (const operation of CRUD_OPERATIONS) {
      const raw = pick(pair.raw)?.[operation].median_ms;
      const orm = pick(pair.orm)?.[operation].median_ms;
      if (raw === null || raw === undefined || orm === null || orm === undefined) continue;
      rows.push({ language: pair.language, operation, target: pair.raw.name, style: "raw", median: raw, ratio: null });
      rows.push({ language: pair.language, operation, target: pair.orm.name, style: "orm", median: orm, ratio: `${(orm / raw).toFixed(2)}×` });
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
