import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS, type CrudOperation } from "../../results/types.js";
import type { LatencyTarget } from "../report-model.js";
import { axisTitle, CHART_CONFIG, valueScale, PLOT_WIDTH, type ColourScale } from "./chart-style.js";

export interface CpuRow {
  operation: CrudOperation;
  target: string;
  /** Median over sessions of CPU µs per request. */
  us: number;
  /** The sessions' range. */
  low: number;
  high: number;
}

/** One row per (single operation, target) with CPU per request. */
export function cpuRows(targets: readonly LatencyTarget[]): CpuRow[] {
  return CRUD_OPERATIONS.flatMap((operation) =>
    targets.flatMap((target) => {
      const cpu = target.single[operation].cpu;
      return cpu ? [{ operation, target: target.name, us: cpu.us_per_request, low: Math.min(...cpu.sessions_us), high: Math.max(...cpu.sessions_us) }] : [];
    }),
  );
}

/** Grouped bars of CPU µs per single request, one group per operation, a rule over the sessions' range. */
export function cpuChartSpec(rows: CpuRow[], colours: ColourScale): TopLevelSpec {
  const { log, scale, barBase } = valueScale(rows.flatMap((row) => [row.low, row.us, row.high]));
  const y = { type: "quantitative" as const, scale, title: axisTitle("CPU µs per request", log) };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "CPU per request: single requests", subtitle: ["bar: median over sessions of the process tree's CPU time per request", "line: the sessions' range"] },
    width: PLOT_WIDTH,
    height: 300,
    data: { values: rows },
    encoding: { x: { field: "operation", type: "nominal", sort: [...CRUD_OPERATIONS], title: null, axis: { labelAngle: 0, labelFontSize: 12 } }, xOffset: { field: "target", type: "nominal", sort: colours.domain } },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: { ...y, field: "us", stack: null },
          y2: { datum: barBase },
          color: { field: "target", type: "nominal", scale: colours, legend: { title: "target", orient: "bottom" } },
          tooltip: [{ field: "target" }, { field: "operation" }, { field: "us", title: "CPU µs per request", format: ".1f" }],
        },
      },
      { mark: { type: "rule", color: "#222", strokeWidth: 1.5 }, encoding: { y: { ...y, field: "low" }, y2: { field: "high" } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
