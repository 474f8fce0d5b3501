import type { TopLevelSpec } from "vega-lite";
import { CRUD_OPERATIONS } from "../../results/types.js";
import type { LatencyTarget } from "../report-model.js";
import { CHART_CONFIG, PALETTE, type ColourScale } from "./chart-style.js";

export const ANATOMY_PARTS = ["database", "framework", "transport + client"] as const;

export interface AnatomyRow {
  operation: string;
  target: string;
  part: (typeof ANATOMY_PARTS)[number];
  /** 0, 1, 2 from the bottom of the stack. */
  order: number;
  ms: number;
}

/** One row per part of each operation's anatomy; a negative part (medians need not add up) is drawn as 0. */
export function anatomyRows(targets: readonly LatencyTarget[]): AnatomyRow[] {
  return targets.flatMap((target) =>
    CRUD_OPERATIONS.flatMap((operation) => {
      const a = target.single[operation].anatomy;
      if (!a) return [];
      return [a.db_ms, a.framework_ms, a.transport_ms].map((ms, order) => ({ operation, target: target.name, part: ANATOMY_PARTS[order]!, order, ms: Math.max(0, ms) }));
    }),
  );
}

/** Per operation, each target's median split into database, framework and transport + client, stacked. */
export function anatomyChartSpec(rows: AnatomyRow[], colours: ColourScale): TopLevelSpec {
  const targets = colours.domain.filter((name) => rows.some((row) => row.target === name));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Where the time goes: single requests", subtitle: "from each target's Server-Timing header · medians per part, so stacks may miss the observed median slightly" },
    data: { values: rows },
    facet: { column: { field: "operation", type: "nominal", sort: [...CRUD_OPERATIONS], title: null, header: { labelFontSize: 13 } } },
    spec: {
      width: 150,
      height: 260,
      mark: { type: "bar" },
      encoding: {
        x: { field: "target", type: "nominal", sort: targets, title: null, axis: { labelAngle: -40 } },
        y: { field: "ms", type: "quantitative", stack: "zero", title: "median latency, ms" },
        color: { field: "part", type: "nominal", sort: [...ANATOMY_PARTS], scale: { domain: [...ANATOMY_PARTS], range: [PALETTE[5]!, PALETTE[0]!, "#bbbbbb"] }, legend: { title: null, orient: "bottom" } },
        order: { field: "order", type: "quantitative" },
        tooltip: [{ field: "target" }, { field: "part" }, { field: "ms", format: ".3f" }],
      },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
