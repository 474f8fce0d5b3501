import type { TopLevelSpec } from "vega-lite";
import type { LoadTarget } from "../load-report.js";
import { axisTitle, CHART_CONFIG, PLOT_WIDTH, valueScale, type ColourScale } from "./chart-style.js";

const colour = (colours: ColourScale) => ({ field: "target", type: "nominal" as const, scale: colours, legend: { title: "target", orient: "bottom" as const } });

/** Requests per second against concurrent connections (closed model), per target and generator. */
export function throughputChartSpec(targets: LoadTarget[], colours: ColourScale): TopLevelSpec {
  const rows = targets.flatMap((t) => t.load.closed.map((level) => ({ target: t.name, generator: level.generator, connections: level.concurrency, rps: level.achieved_rps })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Throughput vs concurrency (closed model)", subtitle: "line: crudbench's generator · square: wrk at the highest level" },
    width: PLOT_WIDTH,
    height: 280,
    data: { values: rows },
    encoding: {
      x: { field: "connections", type: "quantitative", scale: { type: "log", base: 2 }, title: "concurrent connections (log scale)" },
      y: { field: "rps", type: "quantitative", title: "requests per second" },
      color: colour(colours),
    },
    layer: [
      { transform: [{ filter: "datum.generator === 'crudbench'" }], mark: { type: "line", point: true } },
      { transform: [{ filter: "datum.generator === 'wrk'" }], mark: { type: "point", shape: "square", filled: true, size: 80 } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** Corrected p99 against the arrival rate (open model), with the objective drawn in. */
export function latencyVsRateChartSpec(targets: LoadTarget[], colours: ColourScale): TopLevelSpec {
  const rows = targets.flatMap((t) => t.load.open.filter((l) => l.latency.p99_ms !== null).map((level) => ({ target: t.name, rate: level.target_rate, p99: level.latency.p99_ms })));
  // One run, one objective: every target's load results record the same one.
  const slo = targets[0]!.load.slo_p99_ms;
  const { log, scale } = valueScale([...rows.map((r) => r.p99!), slo]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Latency vs arrival rate (open model)", subtitle: `p99 from each request's intended start · dashed: objective ${slo} ms` },
    width: PLOT_WIDTH,
    height: 280,
    layer: [
      {
        data: { values: rows },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "rate", type: "quantitative", scale: { type: "log", base: 2 }, title: "arrival rate, requests/s (log scale)" },
          y: { field: "p99", type: "quantitative", scale, title: axisTitle("p99 latency, ms", log) },
          color: colour(colours),
        },
      },
      { data: { values: [{ slo }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#555" }, encoding: { y: { field: "slo", type: "quantitative" } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/**
 * The percentile spectrum at each target's highest open-model rate, corrected and
 * uncorrected: x is 1 / (1 − percentile), as HdrHistogram's plots draw it, so the tail
 * (99.9%, 99.99%) gets room.
 */
export function percentileSpectrumChartSpec(targets: LoadTarget[], colours: ColourScale): TopLevelSpec {
  const rows = targets.flatMap((t) => {
    const level = t.load.open.at(-1);
    if (!level) return [];
    const series = [
      { kind: "corrected", latency: level.latency },
      { kind: "uncorrected", latency: level.uncorrected_latency },
    ];
    return series.flatMap(({ kind, latency }) =>
      (latency?.spectrum ?? [])
        .filter((point) => point.percentile < 100)
        .map((point) => ({ target: t.name, series: `${t.name} ${kind} @ ${level.target_rate}/s`, kind, x: 1 / (1 - point.percentile / 100), percentile: `${point.percentile}%`, ms: point.ms })),
    );
  });
  const { log, scale } = valueScale(rows.map((r) => r.ms));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Latency by percentile at the highest rate tried (open model)", subtitle: "solid: corrected for coordinated omission · dashed: uncorrected" },
    width: PLOT_WIDTH,
    height: 280,
    data: { values: rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "x", type: "quantitative", scale: { type: "log" }, title: "percentile", axis: { values: [1, 2, 10, 100, 1000, 10000], labelExpr: "datum.value == 1 ? '0%' : datum.value == 2 ? '50%' : datum.value == 10 ? '90%' : datum.value == 100 ? '99%' : datum.value == 1000 ? '99.9%' : '99.99%'" } },
      y: { field: "ms", type: "quantitative", scale, title: axisTitle("latency, ms", log) },
      color: { field: "target", type: "nominal", scale: colours, legend: { title: "target", orient: "bottom" } },
      strokeDash: { field: "kind", type: "nominal", scale: { domain: ["corrected", "uncorrected"], range: [[1, 0], [5, 4]] }, legend: null },
      detail: { field: "series" },
      tooltip: [{ field: "series" }, { field: "percentile" }, { field: "ms", title: "ms" }],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
