import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type MeasuredTarget } from "../../results/types.js";
import { axisTitle, CHART_CONFIG, valueScale, type ColourScale } from "./chart-style.js";

export interface LatencyRow {
  operation: CrudOperation;
  target: string;
  median: number;
  /** The median's 95% interval; null with a single round, where there is none to draw. */
  ciLow: number | null;
  ciHigh: number | null;
  p99: number;
}

/** One row per (operation, target) with a measured median; the data of a latency chart. */
export function latencyRows<T extends MeasuredTarget>(targets: T[], pick: (t: T) => Record<CrudOperation, Distribution> | null): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const d = pick(target)?.[operation];
      if (!d || d.median_ms === null) continue;
      const [ciLow, ciHigh] = d.median_ci95_ms ?? [null, null];
      rows.push({ operation, target: target.name, median: d.median_ms, ciLow, ciHigh, p99: d.p99_ms ?? d.median_ms });
    }
  }
  return rows;
}

/**
 * Grouped bars: one group per operation, one bar per target at its median (of round
 * medians), a rule over the median's 95% interval, and a tick at p99 of all requests.
 */
export function latencyChartSpec(rows: LatencyRow[], title: string, colours: ColourScale): TopLevelSpec {
  const { log, scale, barBase } = valueScale(rows.flatMap((row) => [row.ciLow ?? row.median, row.median, row.p99]));
  const y = { type: "quantitative" as const, scale, title: axisTitle("latency, ms", log) };
  const x = { field: "operation", type: "nominal" as const, sort: [...CRUD_OPERATIONS], title: null, axis: { labelAngle: 0, labelFontSize: 12 } };
  const xOffset = { field: "target", type: "nominal" as const, sort: colours.domain };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: "bar: median · line: its 95% confidence interval · tick: p99" },
    width: 520,
    height: 300,
    data: { values: rows },
    encoding: { x, xOffset },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: { ...y, field: "median", stack: null },
          y2: { datum: barBase },
          color: { field: "target", type: "nominal", scale: colours, legend: { title: "target", orient: "bottom" } },
          tooltip: [{ field: "target" }, { field: "operation" }, { field: "median", title: "median ms", format: ".3f" }, { field: "p99", title: "p99 ms", format: ".3f" }],
        },
      },
      { mark: { type: "rule", color: "#222", strokeWidth: 1.5 }, transform: [{ filter: "datum.ciLow != null" }], encoding: { y: { ...y, field: "ciLow" }, y2: { field: "ciHigh" } } },
      { mark: { type: "tick", color: "#222", thickness: 2, size: 10 }, encoding: { y: { ...y, field: "p99" } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
