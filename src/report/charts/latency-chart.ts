import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type MeasuredTarget } from "../../results/types.js";
import { axisTitle, CHART_CONFIG, valueScale, PLOT_WIDTH, type ColourScale } from "./chart-style.js";

export interface LatencyRow {
  operation: CrudOperation;
  target: string;
  median: number;
  /** The median's order-statistic interval; null with a single session, where there is none to draw. */
  ciLow: number | null;
  ciHigh: number | null;
  /** The median over sessions of each session's p99; null for bulk operations (no tail from a few samples). */
  p99: number | null;
}

/** One row per (operation, target) with a measured median; the data of a latency chart. */
export function latencyRows<T extends MeasuredTarget>(targets: T[], pick: (t: T) => Record<CrudOperation, Distribution> | null): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (const target of targets) {
      const d = pick(target)?.[operation];
      if (!d || d.median_ms === null) continue;
      const interval = d.median_interval;
      rows.push({ operation, target: target.name, median: d.median_ms, ciLow: interval?.low_ms ?? null, ciHigh: interval?.high_ms ?? null, p99: d.p99?.median_ms ?? null });
    }
  }
  return rows;
}

/**
 * Grouped bars: one group per operation, one bar per target at its median (of session
 * medians), a rule over the median's order-statistic interval (its coverage is in the tables:
 * it depends on the session count, so the chart does not call it 95%), and a tick at the
 * median of the per-session p99s where there is one (not for bulk).
 */
export function latencyChartSpec(rows: LatencyRow[], title: string, colours: ColourScale): TopLevelSpec {
  const { log, scale, barBase } = valueScale(rows.flatMap((row) => [row.ciLow ?? row.median, row.median, row.ciHigh ?? row.median, row.p99 ?? row.median]));
  const hasTails = rows.some((row) => row.p99 !== null);
  const y = { type: "quantitative" as const, scale, title: axisTitle("latency, ms", log) };
  const x = { field: "operation", type: "nominal" as const, sort: [...CRUD_OPERATIONS], title: null, axis: { labelAngle: 0, labelFontSize: 12 } };
  const xOffset = { field: "target", type: "nominal" as const, sort: colours.domain };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    // Short subtitle lines: one long line would set the chart's width and leave the plot narrow.
    title: { text: title, subtitle: ["bar: median of session medians", "line: its order-statistic interval (coverage in the tables)", ...(hasTails ? ["tick: p99 within each session, median over sessions"] : [])] },
    width: PLOT_WIDTH,
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
          tooltip: [{ field: "target" }, { field: "operation" }, { field: "median", title: "median ms", format: ".3f" }, ...(hasTails ? [{ field: "p99", title: "p99 ms", format: ".3f" }] : [])],
        },
      },
      { mark: { type: "rule", color: "#222", strokeWidth: 1.5 }, transform: [{ filter: "datum.ciLow != null" }], encoding: { y: { ...y, field: "ciLow" }, y2: { field: "ciHigh" } } },
      { mark: { type: "tick", color: "#222", thickness: 2, size: 10 }, transform: [{ filter: "datum.p99 != null" }], encoding: { y: { ...y, field: "p99" } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
