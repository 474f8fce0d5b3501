import { peakClosed } from "../report/load-report.js";
import { hasMeasurements, problemOf } from "../results/target-outcome.js";
import type { CrudOperation, MeasuredTarget, MetricName, Results, TargetResult } from "../results/types.js";
import { pairBlocks } from "../stats/comparisons.js";
import { sessionLogRatios } from "../stats/paired.js";

/**
 * What a run measured of one claim part — one metric (and operation) of a subject against
 * one opponent — in the form its statistics come in. Pure reads of results.json; judging
 * them against a claim is judge-part.ts's.
 */

/** One part's metric, as results and report name it. */
export type PartMetric =
  | { kind: "latency"; metric: MetricName }
  | { kind: "cpu"; operation: CrudOperation }
  | { kind: "memory"; phase: "peak" | "idle" }
  | { kind: "throughput" };

export type PartMeasure =
  | { kind: "not-measured"; reason: string }
  /** Per session, log(subject ÷ versus time): the paired comparison's own session values. */
  | { kind: "log-ratios"; values: number[] }
  /** Per session (same index = same session), the subject's and the opponent's value. */
  | { kind: "session-pairs"; subject: number[]; versus: number[] }
  /** Measured, but the sessions cannot be paired: no interval. */
  | { kind: "unpaired"; reason: string }
  /** One figure each (a load test per target): no spread, so no interval. */
  | { kind: "one-figure"; subject: number; versus: number };

/** `single.read`, `cpu.read`, `peak_rss`, `throughput`: how a part's metric is written in results.claims. */
export function partMetricName(metric: PartMetric): string {
  if (metric.kind === "latency") return metric.metric;
  if (metric.kind === "cpu") return `cpu.${metric.operation}`;
  if (metric.kind === "memory") return `${metric.phase}_rss`;
  return "throughput";
}

type Found = { target: MeasuredTarget } | { reason: string };

function find(results: Results, name: string): Found {
  const target: TargetResult | undefined = results.targets.find((t) => t.name === name);
  if (!target) return { reason: `${name} is not in this run` };
  if (!hasMeasurements(target)) return { reason: `${name} was not measured (${target.status}${problemOf(target) ? `: ${problemOf(target)}` : ""})` };
  return { target };
}

/**
 * Per-session values of two targets paired by position. A value array is in session order
 * with one value per session it ran to the end (and, for a partial target, possibly the
 * session it was cut off in, last), so position i is session i + 1 for both — unless a
 * session's value is missing, which shows as fewer values than completed sessions.
 */
function pairSessions(subject: MeasuredTarget, subjectValues: readonly number[], versus: MeasuredTarget, versusValues: readonly number[], what: string): PartMeasure {
  const aligned = (target: MeasuredTarget, values: readonly number[]) => values.length === target.sessions_completed || (target.status === "partial" && values.length === target.sessions_completed + 1);
  for (const [target, values] of [[subject, subjectValues], [versus, versusValues]] as const) {
    if (!aligned(target, values)) return { kind: "unpaired", reason: `${target.name}'s ${what} has ${values.length} session value(s) for ${target.sessions_completed} completed session(s), so its sessions cannot be paired` };
  }
  const n = Math.min(subjectValues.length, versusValues.length);
  return { kind: "session-pairs", subject: subjectValues.slice(0, n), versus: versusValues.slice(0, n) };
}

export function measurePart(results: Results, metric: PartMetric, subjectName: string, versusName: string): PartMeasure {
  const subjectFound = find(results, subjectName);
  if ("reason" in subjectFound) return { kind: "not-measured", reason: subjectFound.reason };
  const versusFound = find(results, versusName);
  if ("reason" in versusFound) return { kind: "not-measured", reason: versusFound.reason };
  const subject = subjectFound.target;
  const versus = versusFound.target;

  if (metric.kind === "latency") {
    // Exactly the pairing and session values of results.comparisons (stats/comparisons.ts).
    const blocks = pairBlocks(results.batches, metric.metric, subjectName, versusName);
    if (blocks.length === 0) return { kind: "not-measured", reason: `no block in which both ${subjectName} and ${versusName} measured ${metric.metric}` };
    return { kind: "log-ratios", values: sessionLogRatios(blocks).values };
  }
  if (metric.kind === "cpu") {
    const subjectCpu = subject.single?.[metric.operation].cpu;
    const versusCpu = versus.single?.[metric.operation].cpu;
    const missing = [subjectCpu ? null : subjectName, versusCpu ? null : versusName].filter(Boolean);
    if (!subjectCpu || !versusCpu) return { kind: "not-measured", reason: `no CPU per ${metric.operation} request for ${missing.join(" and ")}` };
    return pairSessions(subject, subjectCpu.sessions_us, versus, versusCpu.sessions_us, `CPU per ${metric.operation} request`);
  }
  if (metric.kind === "memory") {
    if (!subject.memory || !versus.memory) return { kind: "not-measured", reason: `no memory measurement for ${[subject.memory ? null : subjectName, versus.memory ? null : versusName].filter(Boolean).join(" and ")}` };
    const field = metric.phase === "peak" ? "peak_rss_mb_sessions" : "idle_rss_mb_sessions";
    return pairSessions(subject, subject.memory[field], versus, versus.memory[field], `${metric.phase} memory`);
  }
  const peak = (target: MeasuredTarget): number | string => {
    if (!target.load) return `no load test ran for ${target.name}`;
    return peakClosed(target.load)?.achieved_rps ?? `${target.name} has no valid closed-model load level`;
  };
  const subjectPeak = peak(subject);
  const versusPeak = peak(versus);
  if (typeof subjectPeak === "string") return { kind: "not-measured", reason: subjectPeak };
  if (typeof versusPeak === "string") return { kind: "not-measured", reason: versusPeak };
  return { kind: "one-figure", subject: subjectPeak, versus: versusPeak };
}
