import { setTimeout as sleep } from "node:timers/promises";
import { checkResponse } from "../contract/response-check.js";
import { isTimeout, TargetClient } from "../http/client.js";
import type { LevelMeasurement } from "../results/types.js";
import { GENERATOR_CPU_LIMIT } from "../stats/load-verdict.js";
import type { MixPlanner, PlannedRequest } from "./mix.js";
import { GeneratorMonitor, latencyHistogram, latencySummary } from "./recorder.js";

export interface LevelOptions {
  baseUrl: string;
  planner: MixPlanner;
  /** Keep-alive connections the generator opens. */
  connections: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
}

/** Requests that fail are counted by cause: "500", "404", "timeout", "invalid-body", … */
type ErrorCounts = Record<string, number>;

interface Outcome {
  ok: boolean;
  cause?: string;
  /** performance.now() when the last body byte arrived (or the request failed), before any validation. */
  doneAt: number;
}

/** Sends one request; the answer is validated only after its end time is taken. */
async function execute(client: TargetClient, planned: PlannedRequest, planner: MixPlanner): Promise<Outcome> {
  let response;
  try {
    response = await client.send(planned.spec);
  } catch (error) {
    return { ok: false, cause: isTimeout(error) ? "timeout" : "network", doneAt: performance.now() };
  }
  const doneAt = performance.now();
  const checked = checkResponse(response, planned.expectation);
  if (!checked.ok) return { ok: false, cause: response.status === planned.expectation.status ? "invalid-body" : String(response.status), doneAt };
  if (planned.kind === "create") planner.created((checked.json as { id: number }).id);
  return { ok: true, doneAt };
}

function count(errors: ErrorCounts, cause: string): void {
  errors[cause] = (errors[cause] ?? 0) + 1;
}

/** A generator whose own timers run this late cannot keep a schedule. */
const EVENT_LOOP_DELAY_LIMIT_MS = 10;

function generatorBound(cpuPercent: number, eventLoopDelayP99Ms: number): boolean {
  return cpuPercent > GENERATOR_CPU_LIMIT || eventLoopDelayP99Ms > EVENT_LOOP_DELAY_LIMIT_MS;
}

/**
 * Closed model: `connections` clients, each sending its next request as soon as the last
 * one is answered. Throughput is what the target sustains at that concurrency; latency is
 * per request (a closed loop cannot see requests it never sent — see the open model).
 */
export async function runClosedLevel(options: LevelOptions): Promise<LevelMeasurement> {
  const clients = Array.from({ length: options.connections }, () => new TargetClient(options.baseUrl, options.timeoutMs));
  const latency = latencyHistogram();
  const errors: ErrorCounts = {};
  const monitor = new GeneratorMonitor();
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  let completed = 0;
  let measuring = false;
  const worker = async (client: TargetClient) => {
    while (performance.now() < end) {
      const planned = options.planner.next();
      const sent = performance.now();
      const outcome = await execute(client, planned, options.planner);
      const done = outcome.doneAt;
      if (sent < measureFrom || done > end) continue;
      if (!measuring) {
        measuring = true;
        monitor.start();
      }
      if (outcome.ok) {
        latency.recordValue(Math.max(1, Math.round((done - sent) * 1000)));
        completed++;
      } else count(errors, outcome.cause!);
    }
  };
  await Promise.all(clients.map(worker));
  const generator = measuring ? monitor.stop() : { cpuPercent: 0, eventLoopDelayP99Ms: 0 };
  await Promise.all(clients.map((client) => client.close()));
  return {
    model: "closed",
    generator: "crudbench",
    concurrency: options.connections,
    target_rate: null,
    achieved_rps: Math.round((completed / options.durationMs) * 1000 * 10) / 10,
    quarters_rps: null,
    latency: latencySummary(latency),
    uncorrected_latency: null,
    errors,
    dropped: 0,
    dispatch_lag_p99_ms: null,
    generator_cpu_percent: generator.cpuPercent,
    event_loop_delay_p99_ms: generator.eventLoopDelayP99Ms,
    generator_bound: generatorBound(generator.cpuPercent, generator.eventLoopDelayP99Ms),
  };
}

/**
 * Open model: requests arrive at a constant rate, each due at an absolute time
 * (start + i / rate), whatever the target is doing. Latency is measured from that intended
 * time (coordinated-omission corrected); the time from the actual send is kept beside it.
 * A request that finds every connection busy waits in a queue (its wait counts in the
 * corrected latency); when the queue is full it is dropped and counted, like k6's dropped
 * iterations.
 */
export async function runOpenLevel(options: LevelOptions & { rate: number; maxQueue?: number }): Promise<LevelMeasurement> {
  const interval = 1000 / options.rate;
  const maxQueue = options.maxQueue ?? Math.max(64, Math.ceil(options.rate));
  const clients = Array.from({ length: options.connections }, () => new TargetClient(options.baseUrl, options.timeoutMs));
  const corrected = latencyHistogram();
  const uncorrected = latencyHistogram();
  const errors: ErrorCounts = {};
  const monitor = new GeneratorMonitor();
  const queue: { intended: number; planned: PlannedRequest }[] = [];
  const idle: TargetClient[] = [...clients];
  const start = performance.now() + 5;
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  let dropped = 0;
  let completed = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (client: TargetClient, item: { intended: number; planned: PlannedRequest }) => {
    const task = (async () => {
      const sent = performance.now();
      const outcome = await execute(client, item.planned, options.planner);
      const done = outcome.doneAt;
      if (item.intended >= measureFrom) {
        if (outcome.ok) {
          corrected.recordValue(Math.max(1, Math.round((done - item.intended) * 1000)));
          uncorrected.recordValue(Math.max(1, Math.round((done - sent) * 1000)));
          completed++;
        } else count(errors, outcome.cause!);
      }
      const next = queue.shift();
      if (next) send(client, next);
      else idle.push(client);
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  let index = 0;
  let monitoring = false;
  for (;;) {
    const now = performance.now();
    if (!monitoring && now >= measureFrom) {
      monitoring = true;
      monitor.start();
    }
    for (let intended = start + index * interval; intended <= now && intended < end; intended = start + ++index * interval) {
      const item = { intended, planned: options.planner.next() };
      const client = idle.pop();
      if (client) send(client, item);
      else if (queue.length < maxQueue) queue.push(item);
      else if (intended >= measureFrom) dropped++;
    }
    const nextDue = start + index * interval;
    if (nextDue >= end) break;
    // Timers are coarse (~1 ms): the loop above catches up on every request already due.
    await sleep(Math.max(0, Math.min(nextDue - performance.now(), 5)));
  }
  const generator = monitoring ? monitor.stop() : { cpuPercent: 0, eventLoopDelayP99Ms: 0 };
  // What is still queued was due in the window and never sent: dropped, not forgotten.
  dropped += queue.filter((item) => item.intended >= measureFrom).length;
  queue.length = 0;
  await Promise.allSettled([...inFlight]);
  await Promise.all(clients.map((client) => client.close()));
  const achieved = Math.round((completed / options.durationMs) * 1000 * 10) / 10;
  return {
    model: "open",
    generator: "crudbench",
    concurrency: options.connections,
    target_rate: options.rate,
    achieved_rps: achieved,
    quarters_rps: null,
    latency: latencySummary(corrected),
    uncorrected_latency: latencySummary(uncorrected),
    errors,
    dropped,
    dispatch_lag_p99_ms: null,
    generator_cpu_percent: generator.cpuPercent,
    event_loop_delay_p99_ms: generator.eventLoopDelayP99Ms,
    // Short of the rate with nothing dropped or failed: the generator, not the target, fell behind.
    generator_bound: generatorBound(generator.cpuPercent, generator.eventLoopDelayP99Ms) || (dropped === 0 && Object.keys(errors).length === 0 && achieved < 0.95 * options.rate),
  };
}
