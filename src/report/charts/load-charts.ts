import type { TopLevelSpec } from "vega-lite";
import type { TargetResult } from "../../results/types.js";
import { axisTitle, CHART_CONFIG, valueScale, type ColourScale } from "./chart-style.js";

const colour = (colours: ColourScale) => ({ field: "target", type: "nominal" as const, scale: colours, legend: { title: "target", orient: "bottom" as const } });

/** Requests per second against concurrent connections (closed model), per target and generator. */
export function throughputChartSpec(targets: TargetResult[], colours: ColourScale): TopLevelSpec {
  const rows = targets.flatMap((t) => t.load!.closed.map((level) => ({ target: t.name, generator: level.generator, connections: level.concurrency, rps: level.achieved_rps })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Throughput vs concurrency (closed model)", subtitle: "line: crudbench's generator · square: wrk at the highest level" },
    width: 520,
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
export function latencyVsRateChartSpec(targets: TargetResult[], colours: ColourScale): TopLevelSpec {
  const rows = targets.flatMap((t) => t.load!.open.filter((l) => l.latency.p99_ms !== null).map((level) => ({ target: t.name, rate: level.target_rate, p99: level.latency.p99_ms })));
  const slo = targets[0]?.load?.slo_p99_ms ?? 50;
  const { log, scale } = valueScale([...rows.map((r) => r.p99!), slo]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Latency vs arrival rate (open model)", subtitle: `p99 from each request's intended start · dashed: objective ${slo} ms` },
    width: 520,
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

/** The latency spectrum (p50 … max) at each target's highest open-model rate. */
export function percentileSpectrumChartSpec(targets: TargetResult[], colours: ColourScale): TopLevelSpec {
  const order = ["p50", "p90", "p99", "p99.9", "max"];
  const rows = targets.flatMap((t) => {
    const level = t.load!.open.at(-1);
    if (!level) return [];
    const l = level.latency;
    return [l.p50_ms, l.p90_ms, l.p99_ms, l.p999_ms, l.max_ms].map((ms, i) => ({ target: `${t.name} @ ${level.target_rate}/s`, name: t.name, percentile: order[i], ms })).filter((r) => r.ms !== null);
  });
  const { log, scale } = valueScale(rows.map((r) => r.ms!));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Latency percentile spectrum at the highest rate tried", subtitle: "open model, corrected for coordinated omission" },
    width: 520,
    height: 280,
    data: { values: rows },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "percentile", type: "ordinal", sort: order, title: "percentile" },
      y: { field: "ms", type: "quantitative", scale, title: axisTitle("latency, ms", log) },
      color: { field: "name", type: "nominal", scale: colours, legend: { title: "target", orient: "bottom" } },
      detail: { field: "target" },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
