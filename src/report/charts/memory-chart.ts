import type { TopLevelSpec } from "vega-lite";
import type { MeasuredTarget } from "../../results/types.js";
import { axisTitle, CHART_CONFIG, valueScale, PLOT_WIDTH, type ColourScale } from "./chart-style.js";

export interface MemoryRow {
  target: string;
  phase: "idle" | "peak";
  rss: number;
}

export function memoryRows(targets: MeasuredTarget[]): MemoryRow[] {
  return targets.flatMap((t) =>
    t.memory
      ? [
          { target: t.name, phase: "idle" as const, rss: t.memory.idle_rss_mb },
          { target: t.name, phase: "peak" as const, rss: t.memory.peak_rss_mb },
        ]
      : [],
  );
}

/** Idle and peak RSS of each target's whole process tree; idle is the lighter bar. */
export function memoryChartSpec(rows: MemoryRow[], colours: ColourScale): TopLevelSpec {
  const { log, scale, barBase } = valueScale(rows.map((row) => row.rss));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Memory: RSS of the whole process tree", subtitle: "lighter: idle after start (median over sessions) · darker: peak in any session" },
    width: PLOT_WIDTH,
    height: 280,
    data: { values: rows },
    encoding: {
      x: { field: "target", type: "nominal", sort: colours.domain, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "phase", type: "nominal", sort: ["idle", "peak"] },
      y: { field: "rss", type: "quantitative", scale, stack: null, title: axisTitle("RSS, MB", log) },
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y2: { datum: barBase },
          color: { field: "target", type: "nominal", scale: colours, legend: null },
          opacity: { field: "phase", type: "ordinal", sort: ["idle", "peak"], scale: { domain: ["idle", "peak"], range: [0.45, 1] }, legend: { title: "phase", orient: "bottom" } },
        },
      },
      { mark: { type: "text", dy: -6, fontSize: 10 }, encoding: { text: { field: "rss", type: "quantitative", format: ".0f" } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
