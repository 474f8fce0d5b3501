import type { CrudOperation, Distribution, MeasuredTarget, MetricName, Results, TargetResult } from "./types.js";

/**
 * Questions every reader of results.json asks of a target, answered in one place so the
 * report, the exit code and `compare` cannot disagree.
 */

/** Measuring began (in progress, complete or partial): it may hold data. */
export function hasMeasurements(target: TargetResult): target is MeasuredTarget {
  return target.status === "measuring" || target.status === "measured" || target.status === "partial";
}

/** Holds latency distributions (single and bulk) from at least one round. */
export function hasLatency(target: TargetResult): target is MeasuredTarget & { single: NonNullable<MeasuredTarget["single"]>; bulk: NonNullable<MeasuredTarget["bulk"]> } {
  return hasMeasurements(target) && target.single !== null && target.bulk !== null;
}

/** Any measured figure at all: latency, memory or load. */
export function hasAnyData(target: TargetResult): target is MeasuredTarget {
  return hasMeasurements(target) && (target.single !== null || target.bulk !== null || target.memory !== null || target.load !== null);
}

/** Finished what was asked with nothing to warn about (a skipped target counts as fine). */
export function isClean(target: TargetResult): boolean {
  return (target.status === "measured" || target.status === "skipped") && target.warnings.length === 0;
}

/** Why a target is not cleanly measured, or undefined when it is. */
export function problemOf(target: TargetResult): string | undefined {
  if (!("reason" in target)) return target.warnings.length > 0 ? target.warnings.join("; ") : undefined;
  return target.reason;
}

/** The targets whose latency the report compares. */
export const latencyTargets = (results: Results) => results.targets.filter(hasLatency);

/** A target's distribution for a metric ("single.read"), when it has one. */
export function metricOf(target: TargetResult, metric: MetricName): Distribution | undefined {
  if (!hasMeasurements(target)) return undefined;
  const [group, operation] = metric.split(".") as ["single" | "bulk", CrudOperation];
  return target[group]?.[operation] ?? undefined;
}
