import type { LatencyConfig, LoadResults, PartialCause, RunConfigRecord, TargetResult } from "../results/types.js";
import { CRUD_OPERATIONS } from "../results/types.js";
import { aggregateSessions, type StatisticsConfig, type TargetSessions } from "./aggregate-sessions.js";
import type { Target } from "../targets/manifest.js";
import type { QualifiedTarget } from "./measure-target.js";

/** A target that passed the gate, as the run measures it. */
export interface MeasuringEntry {
  target: Target;
  /** Its place in results.targets. */
  index: number;
  qualified: QualifiedTarget;
  /** The latest result composed from the fields below. */
  result: TargetResult;
  sessions: TargetSessions;
  load: LoadResults | null;
  /** Why measuring ended early; undefined while it goes on or after it finished. */
  stopped: { cause: PartialCause; reason: string } | undefined;
  measuringSeconds: number;
  /** Any measured stage has begun. */
  started: boolean;
}

/** Every stage the run asked for has finished for this target. */
export function isComplete(entry: MeasuringEntry, config: Pick<RunConfigRecord, "latency" | "load">): boolean {
  const sessionsDone = !config.latency || entry.sessions.completed >= config.latency.sessions;
  return sessionsDone && (!config.load || entry.load !== null);
}

/**
 * The target's result from what was measured so far: `measuring` while stages remain,
 * `measured` when all are done, `partial` when one stopped it. Pure.
 */
export function composeResult(entry: MeasuringEntry, latency: LatencyConfig | null, config: StatisticsConfig & Pick<RunConfigRecord, "latency" | "load">): TargetResult {
  const { qualified } = entry;
  const measured = latency ? aggregateSessions(entry.sessions, latency, qualified.statements_per_request) : { sessions_completed: 0, single: null, bulk: null, memory: null, cold_start: null };
  const errors = CRUD_OPERATIONS.reduce((sum, op) => sum + (measured.single?.[op].errors ?? 0) + (measured.bulk?.[op].errors ?? 0), 0);
  const common = {
    ...qualified,
    ...measured,
    load: entry.load,
    warnings: [...qualified.warnings, ...(errors > 0 ? [`${errors} request(s) failed validation during the benchmark`] : [])],
    duration_s: Math.round((qualified.duration_s + entry.measuringSeconds) * 10) / 10,
  };
  if (entry.stopped) return { ...common, status: "partial", stopped_by: entry.stopped.cause, reason: entry.stopped.reason };
  return { ...common, status: isComplete(entry, config) ? "measured" : "measuring" };
}

/** A qualified target the run never got to measure. */
export function neverMeasured(entry: MeasuringEntry, reason: string): TargetResult {
  const { statements_per_request: _unused, build_cost: _alsoUnused, ...rest } = entry.qualified;
  return { ...rest, status: "interrupted", reason };
}
