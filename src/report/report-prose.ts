import { GENERATOR_CPU_LIMIT } from "../load/generator.js";
import { findComparison } from "../stats/aggregate.js";
import { SIGNIFICANCE_LEVEL, speedup } from "../stats/compare.js";
import { NOISE_LOUD_CV, NOISE_WARN_CV } from "../stats/noise.js";
import { CRUD_OPERATIONS, type Results, type TargetComparison } from "../results/types.js";
import { REQUESTS_PER_TYPE } from "../workloads/statement-counts.js";
import type { Prose } from "./document.js";
import { isLowerBound, loadTargets, objectiveText } from "./load-report.js";
import { dataTargetsOf, fastestTarget, latencyTargetsOf, ormPairs, pValueText } from "./report-model.js";
import { formatMb, formatMs, formatPercent, formatRatio, formatShare } from "./table.js";
import { floorCaveats, floorLine, timingMethod } from "./floor-prose.js";
import { targetLabel } from "./target-status.js";

/**
 * The report's sentences, from results.json alone. Every number in them is read from the
 * results or from the constant the harness itself uses, never retyped.
 */

/** Fewer rounds than this give intervals too wide (or none) to draw conclusions from. */
export const MIN_ROUNDS_FOR_CONCLUSIONS = 5;

/** The harness is a load generator too: above the share of a core at which crudbench's generator flags itself, the client may be the limit. */
const HARNESS_CPU_LIMIT = GENERATOR_CPU_LIMIT;

/** How the run ended. A run still "running" when rendered never finished (the harness was killed), or is still going. */
function runState(results: Results): string {
  const { id, status } = results.run;
  switch (status) {
    case "complete":
      return `Run ${id} (complete)`;
    case "interrupted":
      return `Run ${id} (interrupted before every target was measured)`;
    case "running":
      return `Run ${id} did not finish: results.json was last written while targets were still being measured, so the harness was killed or is still running; this shows what was measured so far`;
  }
}

export function metaLine(results: Results): string {
  const env = results.environment;
  return `${runState(results)}. crudbench ${results.tool.version}; ${env.cpu_count} × ${env.cpu_model}, ${env.total_memory_mb} MB RAM, ${env.os}, load average ${env.load_average_1m} at start.`;
}

/** "6.1× faster than X [5.8×, 6.4×]" from a comparison of a (fast) over b (slow). */
function speedupText(comparison: TargetComparison): string {
  const { factor, interval } = speedup(comparison);
  return `${formatRatio(factor)} faster than ${comparison.baseline} [${formatRatio(interval[0])}, ${formatRatio(interval[1])}]`;
}

/** The headline findings, each one sentence, from the stored comparisons. */
export function summaryLines(results: Results): string[] {
  const targets = latencyTargetsOf(results);
  const lines: string[] = [];
  for (const operation of CRUD_OPERATIONS) {
    const fastest = fastestTarget(targets, "single", operation);
    if (!fastest) continue;
    const median = formatMs(fastest.single[operation].median_ms);
    const others = targets.filter((t) => t !== fastest).map((t) => findComparison(results.comparisons, `single.${operation}`, fastest.name, t.name)).filter((c) => c !== undefined);
    const slowest = others.sort((a, b) => a.ratio - b.ratio)[0];
    if (!slowest) {
      lines.push(`${operation}: ${targetLabel(fastest, results)}, median ${median} ms.`);
      continue;
    }
    const versus = slowest.verdict === "same" ? `${speedupText(slowest)} — ~ not established (${pValueText(slowest.p_value)})` : speedupText(slowest);
    lines.push(`Fastest ${operation}: ${targetLabel(fastest, results)} (median ${median} ms), ${versus}.`);
  }
  const byMemory = dataTargetsOf(results)
    .flatMap((t) => (t.memory ? [{ target: t, peak: t.memory.peak_rss_mb }] : []))
    .sort((a, b) => a.peak - b.peak);
  const lowest = byMemory[0];
  const highest = byMemory.at(-1);
  if (lowest && highest) {
    const versus = byMemory.length > 1 ? ` (highest: ${targetLabel(highest.target, results)}, ${formatMb(highest.peak)} MB)` : "";
    lines.push(`Lowest memory: ${targetLabel(lowest.target, results)}, peak RSS ${formatMb(lowest.peak)} MB${versus}.`);
  }
  for (const pair of ormPairs(targets)) {
    const comparisons = CRUD_OPERATIONS.map((op) => findComparison(results.comparisons, `single.${op}`, pair.orm.name, pair.raw.name)).filter((c) => c !== undefined);
    if (comparisons.length === 0) continue;
    const ratios = comparisons.map((c) => c.ratio);
    const low = Math.min(...ratios);
    const high = Math.max(...ratios);
    const range = low === high ? formatRatio(low) : `${formatRatio(low)}–${formatRatio(high)}`;
    const settled = comparisons.filter((c) => c.verdict !== "same").length;
    lines.push(`ORM cost in ${pair.language}: ${pair.orm.name} takes ${range} the median time of ${pair.raw.name} on single requests (significant for ${settled} of ${comparisons.length} operations).`);
  }
  const sustained = loadTargets(results)
    .flatMap((t) => (t.load.sustainable_rps !== null ? [{ target: t, rate: t.load.sustainable_rps }] : []))
    .sort((a, b) => b.rate - a.rate)[0];
  if (sustained) {
    const rate = isLowerBound(sustained.target.load) ? `${sustained.rate} req/s or more (the highest rate tried)` : `${sustained.rate} req/s`;
    lines.push(`Highest sustainable rate: ${targetLabel(sustained.target, results)}, ${rate}, with ${objectiveText(sustained.target.load)}.`);
  }
  const floor = floorLine(results);
  if (floor && lines.length > 0) lines.push(floor);
  return lines.length > 0 ? lines : ["No target was measured."];
}

/** Warnings a reader must see before trusting a number. */
export function caveatLines(results: Results): string[] {
  const { config, run } = results;
  const lines: string[] = [];
  if (!config.cpu_pinning) lines.push("The harness and the targets shared CPUs: the load generator competed with the target.");
  if (run.harness_cpu_percent !== null && run.harness_cpu_percent > HARNESS_CPU_LIMIT) {
    lines.push(`The harness used ${run.harness_cpu_percent}% of a core while measuring (over ${HARNESS_CPU_LIMIT}%): the client may be the bottleneck, and the numbers understate the fastest targets.`);
  }
  if (config.latency && config.latency.rounds < MIN_ROUNDS_FOR_CONCLUSIONS) {
    lines.push(`Only ${config.latency.rounds} round(s): intervals are wide or missing; use at least ${MIN_ROUNDS_FOR_CONCLUSIONS} rounds for conclusions.`);
  }
  for (const target of dataTargetsOf(results)) {
    if (target.status !== "measured") {
      lines.push(`${targetLabel(target, results)}: its measuring did not run to the end; its figures come from fewer rounds or stages than the others' (see Targets not fully measured).`);
    }
  }
  for (const target of latencyTargetsOf(results)) {
    for (const group of ["single", "bulk"] as const) {
      for (const operation of CRUD_OPERATIONS) {
        const d = target[group][operation];
        if (d.cv === null) continue;
        if (d.noise === "very-noisy") lines.push(`Very noisy: ${target.name} ${group} ${operation} varies ${formatPercent(d.cv)} between rounds (> ${formatShare(NOISE_LOUD_CV)}).`);
        else if (d.noise === "noisy") lines.push(`Noisy: ${target.name} ${group} ${operation} varies ${formatPercent(d.cv)} between rounds (> ${formatShare(NOISE_WARN_CV)}).`);
      }
    }
  }
  lines.push(...floorCaveats(results));
  for (const target of results.targets) for (const warning of target.warnings) lines.push(`${target.name}: ${warning}`);
  return lines.map((line) => `⚠ ${line}`);
}

/** One line per target: how it did on the conformance suite. */
export function conformanceLines(results: Results): string[] {
  return results.targets.map((t) => {
    const conformance = "conformance" in t ? t.conformance : null;
    if (!conformance) return `${t.name}: not checked (${t.status}).`;
    const total = conformance.passed + conformance.failed;
    if (conformance.failed === 0) return `${t.name}: all ${total} cases passed.`;
    return `${t.name}: ${conformance.failed} of ${total} cases failed (${conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id).join(", ")}).`;
  });
}

/** The method, one paragraph per stage that ran, shared by every format. */
export function methodParagraphs(results: Results): string[] {
  const { latency, load, ...c } = results.config;
  const paragraphs = ["Each target passes the conformance suite on its own database first; a target that fails it is never measured."];
  if (latency) {
    paragraphs.push(
      `Latency: ${latency.rounds} rounds, targets interleaved (A B C A B C …), each round a fresh process on a fresh database. ` +
        `Per round — single: ${latency.warmup} warm-up + ${latency.iterations} timed sequential requests per operation over one keep-alive connection; ` +
        `bulk: ${latency.bulk_size} sequential requests per operation (read = one list of ${latency.bulk_size}), time = sum of request latencies, ${latency.bulk_warmup} warm-up + ${latency.bulk_repeats} timed repetitions. ` +
        `Every response is validated against the contract; failures count as errors, never as samples. ` +
        `Medians are the median of round medians with a 95% bootstrap interval (${c.bootstrap_resamples} resamples, seed ${c.bootstrap_seed}); p95/p99/max come from the merged HDR histograms of all requests. ` +
        `Ratios carry a bootstrap interval and a Mann–Whitney U test over round medians; "~" marks no established difference (p ≥ ${SIGNIFICANCE_LEVEL}, interval includes 1, or under ${formatShare(c.noise_threshold)}). ` +
        [`Memory: whole process tree from /proc every ${latency.memory_interval_ms} ms; idle = median over ${latency.idle_window_ms} ms after readiness.`, timingMethod(results)].filter(Boolean).join(" "),
    );
  }
  if (load) {
    paragraphs.push(
      `Load: ${load.mix} mix on ${load.seed_tasks} seeded tasks; closed model at ${load.levels.join(", ")} connections, open model at ${load.rates.join(", ")} req/s over ${load.open_connections} connections; ` +
        `each level ${load.warmup_ms / 1000} s warm-up, then ${load.duration_ms / 1000} s measured. The sustainable rate is the highest arrival rate whose corrected p99 stayed within ${load.slo_p99_ms} ms with no errors and nothing dropped.`,
    );
  }
  paragraphs.push(c.cpu_pinning ? `Harness pinned to CPU ${c.cpu_pinning.harness}, targets to CPU ${c.cpu_pinning.targets} (taskset).` : "Harness and targets not pinned.");
  return paragraphs;
}

export function statementsNote(results: Results): Prose {
  return results.config.database === "postgres"
    ? [`Counted by the database server (pg_stat_statements; BEGIN/COMMIT/ROLLBACK included), averaged over ${REQUESTS_PER_TYPE} requests of each type.`]
    : [
        "Reported by each target's SQLite driver hook (",
        { code: "CRUDBENCH_SQL_LOG" },
        `, spec/README.md; BEGIN/COMMIT/ROLLBACK included), averaged over ${REQUESTS_PER_TYPE} requests of each type; never enabled during timed rounds.`,
      ];
}

export const MEMORY_NOTE = "RSS counts shared pages once per process; PSS divides them among the processes sharing them, so for forked workers PSS is the fairer total.";

export function environmentLine(results: Results): string {
  const env = results.environment;
  return `${env.cpu_count} × ${env.cpu_model}, ${env.total_memory_mb} MB RAM, ${env.os} (kernel ${env.kernel}, ${env.arch}), load average ${env.load_average_1m} at start.`;
}
