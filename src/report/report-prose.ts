import { findComparison } from "../stats/comparisons.js";
import { speedup } from "../stats/compare.js";
import { MIN_SESSIONS_FOR_SIGNIFICANCE, SIGNIFICANCE_LEVEL } from "../stats/paired.js";
import { CRUD_OPERATIONS, type LatencyConfig, type Results, type TargetComparison } from "../results/types.js";
import { hasAnyData } from "../results/target-outcome.js";
import { frameworkAnswers, languageAnswer, memoryAnswer, ormAnswer } from "./answers.js";
import { isLowerBound, loadTargets, objectiveText, peakClosed } from "./load-report.js";
import { controlLine } from "./control-prose.js";
import { fastestTarget, latencyTargetsOf, pValueText, ratioIntervalText, sessionsText } from "./report-model.js";
import { formatMs, formatRatio, formatShare } from "./table.js";
import { floorLine, timingMethod } from "./floor-prose.js";
import { targetLabel } from "./target-status.js";
import { importedMethod, loadMethod, locustSummaryLine } from "./load-method.js";

/**
 * The report's sentences, from results.json alone. Every number in them is read from the
 * results or from the constant the harness itself uses, never retyped.
 */

/** How a step's batches shared the time. */
function turnsText(latency: LatencyConfig): string {
  const rewarm = `${latency.rewarm} untimed re-warm request(s)`;
  if (latency.turn >= latency.batch) return `after ${rewarm}; the targets' batches run whole, one after another`;
  return `sent in turns: the targets take turns, each sending ${rewarm} then up to ${latency.turn} timed ones, so paired requests of different targets are about a millisecond apart`;
}

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

/**
 * The warning that opens the report of a run that did not measure every target: its figures
 * are a part of a run, and a reader comparing them with another report must know first.
 */
export function incompleteRunAlert(results: Results): string | undefined {
  switch (results.run.status) {
    case "complete":
      return undefined;
    case "interrupted":
      return "⚠ Incomplete run: it was interrupted before every target was measured; the figures below are what was measured until then.";
    case "running":
      return "⚠ Incomplete run: it did not finish (the harness was killed, or is still running); the figures below are what was measured so far.";
  }
}

export function metaLine(results: Results): string {
  const env = results.environment;
  if (results.imported) return `Imported ${results.run.started_at} by crudbench ${results.tool.version}, from ${results.imported.files.length} file(s); the machines that ran the load are not known.`;
  return `${runState(results)}. crudbench ${results.tool.version}; ${env.cpu_count} × ${env.cpu_model}, ${env.total_memory_mb} MB RAM, ${env.os}, load average ${env.load_average_1m} at start.`;
}

/** "6.1× faster than X [5.8×, 6.4×]" from a comparison of a (fast) over b (slow); "(no interval: 1 session)" without one. */
function speedupText(comparison: TargetComparison): string {
  const { factor, interval } = speedup(comparison);
  const range = interval ? `[${formatRatio(interval[0])}, ${formatRatio(interval[1])}]` : `(no interval: ${sessionsText(comparison.sessions)})`;
  return `${formatRatio(factor)} faster than ${comparison.baseline} ${range}`;
}

/**
 * The headline findings, each one sentence: first the answers to the questions people ask
 * (answers.ts), then the fastest target per operation, throughput, and the run's own limits.
 */
export function summaryLines(results: Results): string[] {
  const targets = latencyTargetsOf(results);
  const lines: string[] = [languageAnswer(results), ormAnswer(results), ...frameworkAnswers(results), memoryAnswer(results)].filter((line) => line !== undefined);
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
    if (slowest.ratio >= 1) {
      // The lowest median, but not faster paired: two close targets whose session medians and
      // block-paired ratio disagree. Say so rather than print "0.97× faster".
      const paired = `${formatRatio(slowest.ratio)} ${ratioIntervalText(slowest)}`;
      const finding = slowest.verdict === "same" ? `~ not established (${pValueText(slowest.p_value)})` : `slower (${pValueText(slowest.p_value)})`;
      lines.push(`Lowest median ${operation}: ${targetLabel(fastest, results)} (median ${median} ms), but paired block by block it takes ${paired} the time of ${slowest.baseline}: ${finding}.`);
      continue;
    }
    const versus = slowest.verdict === "same" ? `${speedupText(slowest)} — ~ not established (${pValueText(slowest.p_value)})` : speedupText(slowest);
    lines.push(`Fastest ${operation}: ${targetLabel(fastest, results)} (median ${median} ms), ${versus}.`);
  }
  const sustained = loadTargets(results)
    .flatMap((t) => (t.load.sustainable_rps !== null ? [{ target: t, rate: t.load.sustainable_rps }] : []))
    .sort((a, b) => b.rate - a.rate)[0];
  if (sustained) {
    const rate = isLowerBound(sustained.target.load) ? `${sustained.rate} req/s or more (the highest rate tried)` : `${sustained.rate} req/s`;
    lines.push(`Highest sustainable rate: ${targetLabel(sustained.target, results)}, ${rate}, with ${objectiveText(sustained.target.load)}.`);
  } else if (loadTargets(results).some((t) => t.load.open.some((level) => level.generator !== "locust"))) lines.push(`No open-model rate tried met the objective on a valid level, for any target.`);
  const peaks = loadTargets(results).flatMap((t) => {
    const peak = peakClosed(t.load);
    return peak ? [{ target: t, peak }] : [];
  });
  const best = peaks.sort((a, b) => b.peak.achieved_rps - a.peak.achieved_rps)[0];
  if (best) lines.push(`Highest closed-model throughput on a valid level: ${targetLabel(best.target, results)}, ${best.peak.achieved_rps.toFixed(0)} req/s at ${best.peak.concurrency} connection(s) (${best.peak.generator}).`);
  const locust = locustSummaryLine(results);
  if (locust) lines.push(locust);
  const floor = floorLine(results);
  if (floor && lines.length > 0) lines.push(floor);
  const control = controlLine(results);
  if (control && lines.length > 0) lines.push(control);
  return lines.length > 0 ? lines : [results.targets.some(hasAnyData) ? "Nothing measured here can be summed up in a line: see the tables below." : "No target was measured."];
}

/** One line per target: how it did on the conformance suite. */
export function conformanceLines(results: Results): string[] {
  return results.targets.map((t) => {
    const conformance = "conformance" in t ? t.conformance : null;
    if (!conformance) return results.imported ? `${t.name}: not checked (imported: crudbench did not run the suite against it).` : `${t.name}: not checked (${t.status}).`;
    const skipped = conformance.cases.filter((c) => c.outcome === "skipped");
    const total = conformance.passed + conformance.failed + skipped.length;
    const skippedText = skipped.length > 0 ? ` ${skipped.length} skipped: ${skipped.map((c) => `${c.id} (${c.reason ?? "no reason given"})`).join("; ")}.` : "";
    if (conformance.failed === 0) return skipped.length > 0 ? `${t.name}: ${conformance.passed} of ${total} cases passed;${skippedText}` : `${t.name}: all ${total} cases passed.`;
    return `${t.name}: ${conformance.failed} of ${total} cases failed (${conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id).join(", ")}).${skippedText}`;
  });
}

/** The method, one paragraph per stage that ran, shared by every format. */
export function methodParagraphs(results: Results): string[] {
  const { latency, ...c } = results.config;
  const imported = importedMethod(results);
  const paragraphs = [imported ?? "Each target passes the conformance suite on its own database first; a target that fails it is never measured."];
  if (latency) paragraphs.push(...latencyMethod(results));
  const remote = remoteMethod(results);
  if (remote) paragraphs.push(remote);
  const loadParagraph = loadMethod(results);
  if (loadParagraph) paragraphs.push(loadParagraph);
  // An imported run's pinning is unknown (its machines' own), not "not pinned"; importedMethod lists it.
  if (!imported) paragraphs.push(c.cpu_pinning ? `Harness pinned to CPU ${c.cpu_pinning.harness}, targets to CPU ${c.cpu_pinning.targets} (taskset).` : "Harness and targets not pinned.");
  return paragraphs;
}

/** What differs for targets crudbench did not start (`--url`); undefined without any. */
function remoteMethod(results: Results): string | undefined {
  const remotes = results.targets.flatMap((t) => (t.remote ? [`${t.name} (${t.remote.url})`] : []));
  if (remotes.length === 0) return undefined;
  return (
    `Remote target${remotes.length === 1 ? "" : "s"} ${remotes.join(", ")}: started elsewhere, so crudbench neither prepared, started nor stopped ${remotes.length === 1 ? "it" : "them"}. ` +
    `Conformance ran on the server as it was, creating its own tasks in its database; a case that writes to the database behind the server's back is skipped, never passed. ` +
    `Sessions of a remote target replicate the client side only (fresh connections, warm-up, blocks): the server is not restarted and its database keeps its tasks, so the bulk read lists past the tasks already there. ` +
    `Memory, CPU per request, cold start, build cost and statement counts are not measured for a remote target (null, with the reason in results.json); where a read's time goes only if it sends Server-Timing. ` +
    `A remote target's latency includes the network to it, and its machine is not this one: ratios against local targets compare setups, not only frameworks.`
  );
}

/** The latency method: sessions, blocks and the order; the estimators; memory and timing. */
function latencyMethod(results: Results): string[] {
  const latency = results.config.latency!;
  const { noise_threshold: threshold } = results.config;
  const duration = results.run.latency_s !== null ? ` The sessions took ${formatSeconds(results.run.latency_s)} in all.` : "";
  return [
    `Latency: ${sessionsText(latency.sessions)} × ${latency.blocks} block${latency.blocks === 1 ? "" : "s"}. A session starts every target afresh, one after another (each start is timed: spawn to ready, and to its first write), each on its own fresh database and port, beside the A/A control (one echo server, measured under two names). ` +
      `Each target is first warmed up with ${latency.warmup} mixed requests (create, read, update, delete in turn) and ${latency.bulk_warmup} bulk repetition(s), untimed, so runtimes that compile as they go are measured warm; memory is read idle, after readiness and before any request, then at its peak during the session. ` +
      `In a block every target runs one batch per operation: ${latency.batch} timed sequential requests over one keep-alive connection, ${turnsText(latency)}; and${latency.bulk_every === 1 ? "" : ` in every ${ordinal(latency.bulk_every)} block`} one bulk repetition of ${latency.bulk_size} tasks per operation, target after target (the sum of its sequential request times; read = one list of ${latency.bulk_size}). ` +
      `The targets' order changes from block to block in a seeded, balanced design (a Williams design, seed ${latency.order_seed}: over a full cycle of blocks every target runs in every position, and right after every other target, equally often), so the machine's drift reaches all of them alike.${duration}`,
    `Every response is validated against the contract; failures count as errors, never as samples. ` +
      `A target's median is the median of its session medians, with an order-statistic interval (the k-th lowest to the k-th highest session median) labelled with its exact coverage; p99 and outliers are taken within each session, and bulk operations get no tail. ` +
      `Ratios are paired: per block, log(median ratio) of the two targets' batches; per session, the median of its blocks; across sessions, a 95% t-interval (S − 1 degrees of freedom) and a Wilcoxon signed-rank test. ` +
      `"~" marks no established difference: p ≥ ${SIGNIFICANCE_LEVEL}, an interval that includes 1, or a change under ${formatShare(threshold)}; with fewer than ${MIN_SESSIONS_FOR_SIGNIFICANCE} sessions nothing can be significant. ` +
      `The A/A control's ratio, computed the same way, is the run's method precision.`,
    [`Memory: whole process tree from /proc every ${latency.memory_interval_ms} ms; idle = median over ${latency.idle_window_ms} ms after readiness, per session, and the median of those; peak = the highest of any session.`, timingMethod(results)].filter(Boolean).join(" "),
  ];
}

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;

/** "4 min 05 s", "42 s". */
function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

export const MEMORY_NOTE = "RSS counts shared pages once per process; PSS divides them among the processes sharing them, so for forked workers PSS is the fairer total.";

export function environmentLine(results: Results): string {
  const env = results.environment;
  const machine = `${env.cpu_count} × ${env.cpu_model}, ${env.total_memory_mb} MB RAM, ${env.os} (kernel ${env.kernel}, ${env.arch}), load average ${env.load_average_1m}`;
  return results.imported ? `The machine that imported the files, not the ones that ran the load: ${machine}.` : `${machine} at start.`;
}
