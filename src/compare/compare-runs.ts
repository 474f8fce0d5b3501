import { METRICS } from "../stats/comparisons.js";
import { hasLatency, metricOf } from "../results/target-outcome.js";
import type { LatencyConfig, Results } from "../results/types.js";
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from "../stats/bootstrap.js";
import { compareRounds } from "../stats/compare.js";

export type ChangeVerdict = "improved" | "regressed" | "~";

export interface MetricChange {
  target: string;
  /** single.read, bulk.create, memory.peak_rss, … */
  metric: string;
  unit: "ms" | "MB";
  baseline: number;
  candidate: number;
  /** candidate / baseline − 1: +0.12 is 12% slower (or bigger). */
  change: number;
  change_ci95: [number, number];
  p_value: number;
  verdict: ChangeVerdict;
}

export interface RunComparison {
  threshold: number;
  changes: MetricChange[];
  /** Targets present in only one of the runs. */
  unmatched: string[];
  /** Why some numbers may not be comparable, or were not compared: read before the verdict. */
  warnings: string[];
  regressions: number;
}

/**
 * Compares a new run against a baseline, per target and metric, over the per-session values
 * (session medians, per-session idle and peak memory). The two runs' sessions are
 * independent, so this is the unpaired comparison: a change counts as a regression only when
 * it is significant (Mann–Whitney, bootstrap interval excluding no change) and larger than the
 * threshold. Lower is better for every metric.
 */
export function compareRuns(baseline: Results, candidate: Results, threshold: number, bootstrap: BootstrapOptions = DEFAULT_BOOTSTRAP): RunComparison {
  const changes: MetricChange[] = [];
  const baselineByName = new Map(baseline.targets.map((t) => [t.name, t]));
  const candidateNames = new Set(candidate.targets.map((t) => t.name));
  const unmatched = [...baseline.targets.map((t) => t.name).filter((name) => !candidateNames.has(name)), ...[...candidateNames].filter((name) => !baselineByName.has(name))];
  const warnings = settingDifferences(baseline, candidate);
  for (const target of candidate.targets) {
    const before = baselineByName.get(target.name);
    if (!before) continue;
    // Only sessions can be compared: a target without latency in either run has nothing to set against the other.
    if (!hasLatency(before) || !hasLatency(target)) {
      warnings.push(`${target.name}: not compared, no latency sessions in ${hasLatency(before) ? "the new run" : "the baseline"} (${hasLatency(before) ? target.status : before.status})`);
      continue;
    }
    const series: { metric: string; unit: "ms" | "MB"; base: number[]; next: number[] }[] = METRICS.map((metric) => ({
      metric,
      unit: "ms" as const,
      base: metricOf(before, metric)?.sessions_ms ?? [],
      next: metricOf(target, metric)?.sessions_ms ?? [],
    }));
    series.push(
      { metric: "memory.idle_rss", unit: "MB", base: before.memory?.idle_rss_mb_sessions ?? [], next: target.memory?.idle_rss_mb_sessions ?? [] },
      { metric: "memory.peak_rss", unit: "MB", base: before.memory?.peak_rss_mb_sessions ?? [], next: target.memory?.peak_rss_mb_sessions ?? [] },
    );
    for (const { metric, unit, base, next } of series) {
      if (base.length === 0 || next.length === 0) continue;
      const comparison = compareRounds(next, base, threshold, bootstrap);
      changes.push({
        target: target.name,
        metric,
        unit,
        baseline: median(base),
        candidate: median(next),
        change: comparison.ratio - 1,
        change_ci95: [comparison.ratio_ci95[0] - 1, comparison.ratio_ci95[1] - 1],
        p_value: comparison.p_value,
        verdict: comparison.verdict === "slower" ? "regressed" : comparison.verdict === "faster" ? "improved" : "~",
      });
    }
  }
  if (changes.length === 0) warnings.push("no target has latency sessions in both runs: nothing was compared");
  return { threshold, changes, unmatched, warnings, regressions: changes.filter((c) => c.verdict === "regressed").length };
}

/**
 * The latency settings that change what a per-session value measures: how long a session is
 * (blocks), how a batch is warmed, sent in turns and timed, the bulk size, the warm-up, how memory is
 * sampled. Left out: how many sessions ran (more sessions narrow the intervals but measure
 * the same thing) and the order's seed (any balanced order measures the same thing).
 */
const LATENCY_SETTINGS = ["blocks", "batch", "turn", "rewarm", "warmup", "bulk_size", "bulk_every", "bulk_warmup", "memory_interval_ms", "idle_window_ms"] as const satisfies readonly (keyof LatencyConfig)[];

/**
 * What differs between the two runs' settings and machines. A difference does not stop the
 * comparison (a deliberate one is what some comparisons are for) but must be seen with it.
 */
export function settingDifferences(baseline: Results, candidate: Results): string[] {
  const warnings: string[] = [];
  const a = baseline.config;
  const b = candidate.config;
  if (a.database !== b.database) warnings.push(`the runs used different databases (${a.database} → ${b.database}): differences include the database's`);
  else if (a.database_server.version !== b.database_server.version) warnings.push(`the database versions differ (${a.database_server.version ?? "unknown"} → ${b.database_server.version ?? "unknown"})`);
  const fields: [string, unknown, unknown][] = [
    ["pool_size", a.pool_size, b.pool_size],
    ["cpu_pinning", a.cpu_pinning, b.cpu_pinning],
    ...(a.latency && b.latency ? LATENCY_SETTINGS.map((key): [string, unknown, unknown] => [`latency.${key}`, a.latency![key], b.latency![key]]) : []),
    ["environment.cpu_model", baseline.environment.cpu_model, candidate.environment.cpu_model],
    ["environment.cpu_count", baseline.environment.cpu_count, candidate.environment.cpu_count],
  ];
  const differing = fields.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y)).map(([name, x, y]) => `${name} ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  if (differing.length > 0) warnings.push(`the runs differ in settings or machine (${differing.join("; ")}): a change may come from that, not the code`);
  return warnings;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
}
