import { latencyAnatomy } from "../stats/anatomy.js";
import { cpuPerRequest, type CpuTally } from "../stats/cpu.js";
import { coldStartOf, type StartSample } from "../stats/cold-start.js";
import { READY_POLL_MS } from "../lifecycle/target-process.js";
import { statementsUnderMeasurement, type StatementTally } from "../stats/statements.js";
import { distributionFromSessions } from "../stats/distribution.js";
import { combineSessionMemory, type SessionMemory } from "../stats/memory.js";
import { MAX_ERROR_EXAMPLES, type OperationsSamples } from "../workloads/operation-recorder.js";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type LatencyConfig, type Measurements, type MetricName, type RunConfigRecord, type StatementsPerRequest } from "../results/types.js";

/** What the sessions of one target produced so far, one entry per session it ran in. */
export interface TargetSessions {
  single: OperationsSamples[];
  bulk: OperationsSamples[];
  memory: SessionMemory[];
  /** Per session, the CPU each operation used and the requests it served (steps that ran whole). */
  cpu: Partial<Record<MetricName, CpuTally>>[];
  /** Per session, the statements each operation ran and the Task API requests it answered (where the database counts them). */
  statements: Partial<Record<MetricName, StatementTally>>[];
  /** Every start of the target in a session: spawn to ready, and to its first write. */
  starts: StartSample[];
  /** Sessions that ran to their end (a cut-off session still keeps its finished batches). */
  completed: number;
}

export function emptySessions(): TargetSessions {
  return { single: [], bulk: [], memory: [], cpu: [], statements: [], starts: [], completed: 0 };
}

/** The statistics settings of a run (results.config). */
export type StatisticsConfig = Pick<RunConfigRecord, "bootstrap_resamples" | "bootstrap_seed" | "noise_threshold">;

/** The conformance count a metric is set against: a bulk read is one list request. */
function conformanceKind(group: "single" | "bulk", operation: CrudOperation): keyof StatementsPerRequest {
  return group === "bulk" && operation === "read" ? "list" : operation;
}

function operations(sessions: readonly OperationsSamples[], group: "single" | "bulk", all: TargetSessions, conformance: StatementsPerRequest | null): Record<CrudOperation, Distribution> {
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
          cpu: cpuPerRequest(all.cpu.map((session) => session[`${group}.${operation}`])),
          statements: statementsUnderMeasurement(
            all.statements.map((session) => session[`${group}.${operation}`]),
            conformance?.[conformanceKind(group, operation)] ?? null,
          ),
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
export function aggregateSessions(sessions: TargetSessions, latency: LatencyConfig, conformance: StatementsPerRequest | null): Omit<Measurements, "load"> {
  return {
    sessions_completed: sessions.completed,
    single: sessions.single.length > 0 ? operations(sessions.single, "single", sessions, conformance) : null,
    bulk: sessions.bulk.length > 0 ? { size: latency.bulk_size, ...operations(sessions.bulk, "bulk", sessions, conformance) } : null,
    memory: combineSessionMemory(sessions.memory, latency.memory_interval_ms) ?? null,
    cold_start: coldStartOf(sessions.starts, READY_POLL_MS),
  };
}
