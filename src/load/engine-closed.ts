import { performance } from "node:perf_hooks";
import { contractValidators } from "../contract/schemas.js";
import { processTreeCpuNs } from "../lifecycle/process-cpu.js";
import type { LevelMeasurement } from "../results/types.js";
import { GENERATOR_CPU_LIMIT } from "../stats/load-verdict.js";
import { NativeTimingClient } from "../timing/native-engine.js";
import type { TimedOutcome } from "../timing/timing-client.js";
import { answerProblem, ClosedWindow, type LevelOptions } from "./generator.js";
import type { PlannedRequest } from "./mix.js";
import { DispatchLag } from "./recorder.js";

/**
 * Requests a connection's engine sends back to back before Node sees their answers. Larger
 * batches leave a connection idle less often (Node validates between batches); smaller ones
 * let deletes reach tasks created a moment before. 16 keeps the idle gaps a few percent of
 * a fast target's time (the level's Little's law check says when they are not).
 */
export const ENGINE_BATCH = 16;

export interface EngineLevelOptions extends LevelOptions {
  /** crudbench-engine's binary (prepare-engine.ts). */
  binary: string;
  /** Where the engines' stderr goes. */
  logFile: string;
  batch?: number;
}

/** CPU of this Node process and of every engine's process, in ns. */
function generatorCpuNs(engines: readonly NativeTimingClient[]): number {
  const own = process.cpuUsage();
  return (own.user + own.system) * 1000 + engines.reduce((sum, engine) => sum + (engine.pid !== undefined ? (processTreeCpuNs(engine.pid) ?? 0) : 0), 0);
}

/**
 * Closed model driven by the native engine: one crudbench-engine process per connection (a
 * blocking client, like one of wrk's connections), each sending `batch` planned requests back
 * to back and timing each from its first byte written to its last byte read. Node plans the
 * requests and validates every answer after the engine's clock stopped, between batches: that
 * gap is the connection's dispatch lag. A request's place in time is rebuilt from the batch's
 * send and the engine's times (back to back), which is what the window and its quarters need.
 * The generator's CPU is Node's and every engine's together (all on the harness's CPU).
 */
export async function runEngineClosedLevel(options: EngineLevelOptions): Promise<LevelMeasurement> {
  contractValidators();
  const batchSize = options.batch ?? ENGINE_BATCH;
  const engines = Array.from({ length: options.connections }, () => NativeTimingClient.open(options.binary, options.baseUrl, options.timeoutMs, options.logFile));
  const lag = new DispatchLag();
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const window = new ClosedWindow(measureFrom, end, options.timeoutMs);
  // The generator's CPU over the window: ns used and when each reading was taken.
  let cpuAtStart: { ns: number; at: number } | undefined;
  let cpuAtEnd: { ns: number; at: number } | undefined;
  const readCpu = () => ({ ns: generatorCpuNs(engines), at: performance.now() });
  const watchFrom = setTimeout(() => (cpuAtStart = readCpu()), options.warmupMs);
  const watchTo = setTimeout(() => (cpuAtEnd = readCpu()), options.warmupMs + options.durationMs);

  const problem = (planned: PlannedRequest, outcome: TimedOutcome): string | undefined =>
    outcome.ok ? answerProblem(outcome.response, planned, options.planner) : outcome.cause === "timeout" ? "timeout" : "network";

  const worker = async (engine: NativeTimingClient) => {
    let lastAnswer: number | null = null;
    while (performance.now() < end) {
      const planned = Array.from({ length: batchSize }, () => options.planner.next());
      const sentAt = performance.now();
      const outcomes = await engine.batch(planned.map((p) => p.spec));
      const answeredAt = performance.now();
      let at = sentAt;
      outcomes.forEach((outcome, index) => {
        const elapsed = outcome.ok ? outcome.response.elapsedMs : outcome.elapsedMs;
        const sent = at;
        const done = sent + elapsed;
        at = done;
        // The first request waited for Node since the last answer; the engine sends the others at once.
        if (sent >= measureFrom && sent < end) lag.record(index === 0 && lastAnswer !== null ? sent - lastAnswer : 0);
        window.record(sent, done, problem(planned[index]!, outcome));
      });
      lastAnswer = answeredAt;
    }
  };
  try {
    await Promise.all(engines.map(worker));
    // The last batches can end before the window's timer fires: the window is over either way.
    if (cpuAtStart !== undefined && cpuAtEnd === undefined) cpuAtEnd = readCpu();
  } finally {
    clearTimeout(watchFrom);
    clearTimeout(watchTo);
    await Promise.allSettled(engines.map((engine) => engine.close()));
  }
  const cpuPercent = cpuAtStart && cpuAtEnd && cpuAtEnd.at > cpuAtStart.at ? Math.round(((cpuAtEnd.ns - cpuAtStart.ns) / 1e6 / (cpuAtEnd.at - cpuAtStart.at)) * 1000) / 10 : null;
  return {
    model: "closed",
    generator: "crudbench-engine",
    concurrency: options.connections,
    target_rate: null,
    achieved_rps: window.throughput.rps(),
    quarters_rps: window.throughput.quartersRps(),
    latency: window.latency.summary(),
    uncorrected_latency: null,
    errors: window.errors,
    dropped: 0,
    dispatch_lag_p99_ms: lag.p99Ms(),
    generator_cpu_percent: cpuPercent,
    // No event loop times these requests: the engines block on their sockets.
    event_loop_delay_p99_ms: null,
    generator_bound: cpuPercent === null ? null : cpuPercent > GENERATOR_CPU_LIMIT,
  };
}
