import { setTimeout as sleep } from "node:timers/promises";
import { checkResponse } from "../contract/response-check.js";
import { contractValidators } from "../contract/schemas.js";
import { isTimeout, TargetClient, type HttpResponse } from "../http/client.js";
import type { LevelMeasurement } from "../results/types.js";
import { GENERATOR_CPU_LIMIT } from "../stats/load-verdict.js";
import type { MixPlanner, PlannedRequest } from "./mix.js";
import { DispatchLag, GeneratorMonitor, LatencyRecorder, WindowThroughput } from "./recorder.js";

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

/**
 * Why an answer fails the contract ("500", "invalid-body"), or undefined when it is right; a
 * create's task becomes deletable. Called after the request's clock stopped, by every generator.
 */
export function answerProblem(response: HttpResponse, planned: PlannedRequest, planner: MixPlanner): string | undefined {
  const checked = checkResponse(response, planned.expectation);
  if (!checked.ok) return response.status === planned.expectation.status ? "invalid-body" : String(response.status);
  if (planned.kind === "create") planner.created((checked.json as { id: number }).id);
  return undefined;
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
  const cause = answerProblem(response, planned, planner);
  return cause ? { ok: false, cause, doneAt } : { ok: true, doneAt };
}

/**
 * What a closed-model level records of its requests over the window [from, end): throughput
 * by each answered request's share inside it; latency and errors of the requests sent and
 * answered inside it (the one request per connection that straddles an edge counts in
 * throughput by its share inside, but is no latency sample; a request still unanswered when
 * the window ends is not seen, so a server that stops answering near the end shows in the last
 * quarter instead). A failure is censored at the timeout, never a fast sample.
 */
export class ClosedWindow {
  readonly latency: LatencyRecorder;
  readonly throughput: WindowThroughput;
  readonly errors: ErrorCounts = {};

  constructor(
    private readonly from: number,
    private readonly end: number,
    timeoutMs: number,
  ) {
    this.latency = new LatencyRecorder(timeoutMs);
    this.throughput = new WindowThroughput(from, end);
  }

  /** One request, sent and done (performance.now() times), and why it failed if it did. */
  record(sent: number, done: number, cause: string | undefined): void {
    if (!cause) this.throughput.add(sent, done);
    if (sent < this.from || done > this.end) return;
    if (!cause) this.latency.answered(done - sent);
    else {
      count(this.errors, cause);
      this.latency.censored(done - sent);
    }
  }
}

function count(errors: ErrorCounts, cause: string): void {
  errors[cause] = (errors[cause] ?? 0) + 1;
}

/**
 * Compiles the contract's validators before a level's clock starts: compiled lazily by the
 * first answer instead, they stall the generator for tens of milliseconds inside its schedule.
 */
function prepareValidation(): void {
  contractValidators();
}

/** A generator whose own timers run this late cannot keep a schedule. */
const EVENT_LOOP_DELAY_LIMIT_MS = 10;

type GeneratorUse = ReturnType<GeneratorMonitor["stop"]>;

/** The generator's figures; unknown (null), not 0, where its window never started being watched. */
function generatorFigures(use: GeneratorUse | null): Pick<LevelMeasurement, "generator_cpu_percent" | "event_loop_delay_p99_ms" | "generator_bound"> {
  if (!use) return { generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null };
  return { generator_cpu_percent: use.cpuPercent, event_loop_delay_p99_ms: use.eventLoopDelayP99Ms, generator_bound: generatorBound(use) };
}

/**
 * The generator's own judgement of itself: its CPU and its event-loop delay. Its dispatch lag
 * (measured here, reported beside) is judged with the level (stats/load-verdict.ts), against
 * the latency objective this module does not know.
 */
function generatorBound(use: GeneratorUse): boolean {
  return use.cpuPercent > GENERATOR_CPU_LIMIT || use.eventLoopDelayP99Ms > EVENT_LOOP_DELAY_LIMIT_MS;
}

/**
 * Closed model: `connections` clients, each sending its next request as soon as the last
 * one is answered. Throughput is what the target sustains at that concurrency; latency is
 * per request (a closed loop cannot see requests it never sent — see the open model).
 */
export async function runClosedLevel(options: LevelOptions): Promise<LevelMeasurement> {
  prepareValidation();
  const clients = Array.from({ length: options.connections }, () => new TargetClient(options.baseUrl, options.timeoutMs));
  const lag = new DispatchLag();
  const monitor = new GeneratorMonitor();
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const window = new ClosedWindow(measureFrom, end, options.timeoutMs);
  // The generator is watched over the window itself, not over the last requests' tail after it.
  let generator: GeneratorUse | null = null;
  let watching = false;
  const watchFrom = setTimeout(() => {
    monitor.start();
    watching = true;
  }, options.warmupMs);
  const watchTo = setTimeout(() => {
    if (watching) generator = monitor.stop();
    watching = false;
  }, options.warmupMs + options.durationMs);
  const worker = async (client: TargetClient) => {
    let lastAnswer: number | null = null;
    while (performance.now() < end) {
      const planned = options.planner.next();
      const sent = performance.now();
      // The connection stood idle from its last answer to this send: the generator's time, not the target's.
      if (lastAnswer !== null && sent >= measureFrom) lag.record(sent - lastAnswer);
      const outcome = await execute(client, planned, options.planner);
      lastAnswer = outcome.doneAt;
      window.record(sent, outcome.doneAt, outcome.ok ? undefined : outcome.cause!);
    }
  };
  await Promise.all(clients.map(worker));
  clearTimeout(watchFrom);
  clearTimeout(watchTo);
  if (watching) generator = monitor.stop();
  await Promise.all(clients.map((client) => client.close()));
  return {
    model: "closed",
    generator: "crudbench",
    concurrency: options.connections,
    target_rate: null,
    achieved_rps: window.throughput.rps(),
    quarters_rps: window.throughput.quartersRps(),
    latency: window.latency.summary(),
    uncorrected_latency: null,
    errors: window.errors,
    dropped: 0,
    dispatch_lag_p99_ms: lag.p99Ms(),
    ...generatorFigures(generator),
  };
}

interface DueRequest {
  /** performance.now() at which it was due: start + i / rate. */
  intended: number;
  planned: PlannedRequest;
}

/**
 * Open model: requests arrive at a constant rate, each due at an absolute time
 * (start + i / rate), whatever the target is doing. Latency is measured from that intended
 * time (coordinated-omission corrected); the time from the actual send is kept beside it.
 * A request that finds every connection busy waits in a queue (its wait counts in the
 * corrected latency); when the queue is full it is dropped and counted, like k6's dropped
 * iterations. Every request due in the window is in the latency: answered, or censored at
 * the timeout (failed, timed out, dropped, or still unsent when the drain gives up).
 */
export async function runOpenLevel(options: LevelOptions & { rate: number; maxQueue?: number }): Promise<LevelMeasurement> {
  prepareValidation();
  const interval = 1000 / options.rate;
  const maxQueue = options.maxQueue ?? Math.max(64, Math.ceil(options.rate));
  const clients = Array.from({ length: options.connections }, () => new TargetClient(options.baseUrl, options.timeoutMs));
  const corrected = new LatencyRecorder(options.timeoutMs);
  const uncorrected = new LatencyRecorder(options.timeoutMs);
  const lag = new DispatchLag();
  const errors: ErrorCounts = {};
  const monitor = new GeneratorMonitor();
  const queue: DueRequest[] = [];
  const idle: TargetClient[] = [...clients];
  const start = performance.now() + 5;
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  // Throughput and its quarters by the same rule as the closed model: each answered request by
  // the share of [actual send, answer] inside the window (its wait in the queue is not the
  // target's work), so the drain after the window adds nothing to the rate achieved in it.
  // Only requests due in the window count: a backlog left by the warm-up and served inside the
  // window is not this rate's work, and would show a rate above the one asked for.
  const throughput = new WindowThroughput(measureFrom, end);
  let dropped = 0;
  // Cleared when the drain gives up: connections then take nothing more from the queue.
  let takingFromQueue = true;
  const inFlight = new Set<Promise<void>>();

  const send = (client: TargetClient, item: DueRequest) => {
    const task = (async () => {
      const sent = performance.now();
      const outcome = await execute(client, item.planned, options.planner);
      const done = outcome.doneAt;
      if (outcome.ok && item.intended >= measureFrom) throughput.add(sent, done);
      if (item.intended >= measureFrom) {
        if (outcome.ok) {
          corrected.answered(done - item.intended);
          uncorrected.answered(done - sent);
        } else {
          count(errors, outcome.cause!);
          corrected.censored(done - item.intended);
          uncorrected.censored(done - sent);
        }
      }
      const next = takingFromQueue ? queue.shift() : undefined;
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
      const inWindow = intended >= measureFrom;
      const client = idle.pop();
      if (client) {
        // Only a request that found a free connection measures the generator: a queued one waited for the target.
        if (inWindow) lag.record(performance.now() - intended);
        send(client, item);
      } else if (queue.length < maxQueue) queue.push(item);
      else if (inWindow) {
        dropped++;
        corrected.censored(performance.now() - intended);
        // Never sent, so no time from a send: the same censoring keeps both histograms over the same requests.
        uncorrected.censored();
      }
    }
    const nextDue = start + index * interval;
    if (nextDue >= end) break;
    // Timers are coarse (~1 ms): the loop above catches up on every request already due.
    await sleep(Math.max(0, Math.min(nextDue - performance.now(), 5)));
  }
  const generator = monitoring ? monitor.stop() : null;
  // What is still queued was due in the window and is late, not rejected: the connections keep
  // taking it as they free up, for at most one request timeout after the window.
  const drainUntil = end + options.timeoutMs;
  while (queue.length > 0 && performance.now() < drainUntil) await sleep(Math.max(0, Math.min(drainUntil - performance.now(), 5)));
  takingFromQueue = false;
  // Still unsent a timeout after the window, so more than a timeout after it was due: a timeout.
  const gaveUpAt = performance.now();
  for (const item of queue.splice(0)) {
    if (item.intended < measureFrom) continue;
    count(errors, "timeout");
    corrected.censored(gaveUpAt - item.intended);
    uncorrected.censored();
  }
  await Promise.allSettled([...inFlight]);
  await Promise.all(clients.map((client) => client.close()));
  return {
    model: "open",
    generator: "crudbench",
    concurrency: options.connections,
    target_rate: options.rate,
    achieved_rps: throughput.rps(),
    quarters_rps: throughput.quartersRps(),
    latency: corrected.summary(),
    uncorrected_latency: uncorrected.summary(),
    errors,
    dropped,
    dispatch_lag_p99_ms: lag.p99Ms(),
    // generator_bound is no longer also "short of the rate with nothing dropped or failed": an
    // overloaded target, whose end-of-run queue is now drained rather than dropped, looks just
    // like that. A generator that falls behind its schedule shows in its dispatch lag instead.
    ...generatorFigures(generator),
  };
}
