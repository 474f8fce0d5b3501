import type { TopLevelSpec } from "vega-lite";
import type { Results } from "../../results/types.js";
import { dataTargetsOf, latencyTargetsOf, ormPairs } from "../report-model.js";
import { anatomyTargets } from "../anatomy-report.js";
import { anatomyChartSpec, anatomyRows } from "./anatomy-chart.js";
import { targetColours } from "./chart-style.js";
import { cpuChartSpec, cpuRows } from "./cpu-chart.js";
import { latencyChartSpec, latencyRows } from "./latency-chart.js";
import { latencyVsRateChartSpec, percentileSpectrumChartSpec, throughputChartSpec } from "./load-charts.js";
import { loadTargets } from "../load-report.js";
import { memoryChartSpec, memoryRows } from "./memory-chart.js";
import { ormRows, ormVsRawChartSpec } from "./orm-vs-raw-chart.js";

export type ChartName = "single_crud" | "latency_anatomy" | "cpu_per_request" | "bulk_ops" | "orm_vs_raw" | "memory" | "load_throughput" | "load_latency_vs_rate" | "load_percentiles";

export interface ChartDefinition {
  name: ChartName;
  title: string;
  spec: TopLevelSpec;
}

/**
 * The report's charts as Vega-Lite specs, built from results alone. Every target with data
 * is drawn, a partial one too (the tables beside the charts mark it). A chart with no data
 * (no target with latency sessions, no raw/orm pair, no load stage) is left out rather than
 * drawn empty.
 */
export function buildChartSpecs(results: Results): ChartDefinition[] {
  return [...latencyCharts(results), ...loadCharts(results)];
}

function loadCharts(results: Results): ChartDefinition[] {
  const targets = loadTargets(results);
  if (targets.length === 0) return [];
  const colours = targetColours(results);
  const charts: ChartDefinition[] = [{ name: "load_throughput", title: "Throughput vs concurrency", spec: throughputChartSpec(targets, colours) }];
  // Locust's paced open levels have no corrected p99 (only an uncorrected spectrum): no empty chart for them.
  if (targets.some((t) => t.load.open.some((level) => level.latency.p99_ms !== null))) {
    charts.push({ name: "load_latency_vs_rate", title: "Latency vs arrival rate", spec: latencyVsRateChartSpec(targets, colours) });
  }
  const highest = targets.map((t) => t.load.open.at(-1));
  if (highest.some((level) => level && (level.latency.spectrum.length > 0 || (level.uncorrected_latency?.spectrum.length ?? 0) > 0))) {
    charts.push({ name: "load_percentiles", title: "Percentile spectrum at the highest rate", spec: percentileSpectrumChartSpec(targets, colours) });
  }
  return charts;
}

function latencyCharts(results: Results): ChartDefinition[] {
  const targets = latencyTargetsOf(results);
  const colours = targetColours(results);
  const memory = memoryRows(dataTargetsOf(results));
  const memoryChart: ChartDefinition[] = memory.length > 0 ? [{ name: "memory", title: "Memory", spec: memoryChartSpec(memory, colours) }] : [];
  if (targets.length === 0) return memoryChart;
  const bulkSize = results.config.latency?.bulk_size ?? targets[0]!.bulk.size;
  const charts: ChartDefinition[] = [
    { name: "single_crud", title: "Single CRUD latency", spec: latencyChartSpec(latencyRows(targets, (t) => t.single), "Single CRUD request latency", colours) },
    {
      name: "bulk_ops",
      title: `Bulk operations (${bulkSize} tasks)`,
      spec: latencyChartSpec(latencyRows(targets, (t) => t.bulk), `Bulk operations on ${bulkSize} tasks (sum of sequential requests; read = one list)`, colours),
    },
  ];
  const anatomy = anatomyRows(anatomyTargets(targets));
  if (anatomy.length > 0) charts.push({ name: "latency_anatomy", title: "Where the time goes", spec: anatomyChartSpec(anatomy, colours) });
  const cpu = cpuRows(targets);
  if (cpu.length > 0) charts.push({ name: "cpu_per_request", title: "CPU per request", spec: cpuChartSpec(cpu, colours) });
  const pairs = ormPairs(targets);
  if (pairs.length > 0) charts.push({ name: "orm_vs_raw", title: "ORM vs raw SQL", spec: ormVsRawChartSpec(ormRows(results, pairs, "single"), colours) });
  return [...charts, ...memoryChart];
}
