import { latencyAnatomy } from "../stats/anatomy.js";
import { cpuPerRequest, type CpuTally } from "../stats/cpu.js";
import { distributionFromSessions } from "../stats/distribution.js";
import { combineSessionMemory, type SessionMemory } from "../stats/memory.js";
import { MAX_ERROR_EXAMPLES, type OperationsSamples } from "../workloads/operation-recorder.js";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type LatencyConfig, type Measurements, type MetricName, type RunConfigRecord } from "../results/types.js";

/** What the sessions of one target produced so far, one entry per session it ran in. */
export interface TargetSessions {
  single: OperationsSamples[];
  bulk: OperationsSamples[];
  memory: SessionMemory[];
  /** Per session, the CPU each operation used and the requests it served (steps that ran whole). */
  cpu: Partial<Record<MetricName, CpuTally>>[];
  /** Sessions that ran to their end (a cut-off session still keeps its finished batches). */
  completed: number;
}

export function emptySessions(): TargetSessions {
  return { single: [], bulk: [], memory: [], cpu: [], completed: 0 };
}

/** The statistics settings of a run (results.config). */
export type StatisticsConfig = Pick<RunConfigRecord, "bootstrap_resamples" | "bootstrap_seed" | "noise_threshold">;

function operations(sessions: readonly OperationsSamples[], group: "single" | "bulk", cpu: TargetSessions["cpu"]): Record<CrudOperation, Distribution> {
  const tails = group === "single";
  const entries = CRUD_OPERATIONS.map((operation) => {
    const perSession = sessions.map((session) => session[operation]);
    const timed = perSession.reduce((sum, s) => sum + s.timesMs.length, 0);
    return [
      operation,
      distributionFromSessions(
        perSession.map((s) => s.timesMs),
        perSession.reduce((sum, s) => sum + s.errors, 0),
        {
          errorExamples: perSession.flatMap((s) => s.examples).slice(0, MAX_ERROR_EXAMPLES),
          freshConnections: perSession.reduce((sum, s) => sum + s.freshConnections, 0),
          tails,
          // Bulk times are sums over many requests: their parts are not recorded.
          anatomy: tails ? latencyAnatomy(perSession.map((s) => s.serverTiming), timed) : null,
          cpu: cpuPerRequest(cpu.map((session) => session[`${group}.${operation}`])),
        },
      ),
    ] as const;
  });
  return Object.fromEntries(entries) as Record<CrudOperation, Distribution>;
}

/**
 * The latency and memory fields of a target result, from its sessions so far. Pure. Bulk
 * operations get no tail: a session holds one bulk sample per block, too few for a p99.
 */
export function aggregateSessions(sessions: TargetSessions, latency: LatencyConfig): Omit<Measurements, "load"> {
  return {
    sessions_completed: sessions.completed,
    single: sessions.single.length > 0 ? operations(sessions.single, "single", sessions.cpu) : null,
    bulk: sessions.bulk.length > 0 ? { size: latency.bulk_size, ...operations(sessions.bulk, "bulk", sessions.cpu) } : null,
    memory: combineSessionMemory(sessions.memory, latency.memory_interval_ms) ?? null,
  };
}
