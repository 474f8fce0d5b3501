import { describeError } from "../errors.js";
import type { RequestSpec } from "../http/client.js";
import type { TimingClient } from "../timing/timing-client.js";
import { checkResponse, type ResponseExpectation } from "../contract/response-check.js";
import type { SamplingGate } from "../lifecycle/memory-sampler.js";
import type { CrudOperation } from "../results/types.js";
import { parseServerTiming, type ServerTiming } from "../contract/server-timing.js";
import type { BatchLayout } from "./batch-layout.js";

/** Error descriptions kept per operation (per session here, per target in results.json). */
export const MAX_ERROR_EXAMPLES = 5;
export const MAX_CONSECUTIVE_ERRORS = 10;

/** Why a workload stopped before its end. */
export class WorkloadAborted extends Error {
  constructor(
    message: string,
    readonly kind: "crashed" | "failed-workload" | "interrupted",
  ) {
    super(message);
  }
}

export interface WorkloadContext {
  /** Times the requests (the native engine, or the in-process fallback). */
  client: TimingClient;
  /** Memory sampling is held during every timed batch. */
  sampler: SamplingGate;
  /** True once the target's main process has exited. */
  targetExited: () => boolean;
  signal: AbortSignal | undefined;
}

/**
 * The server's own account of timed samples (Server-Timing, spec/README.md), one entry per
 * timed sample that carried a valid header, in the order taken.
 */
export interface ServerTimingSamples {
  dbMs: number[];
  appMs: number[];
  /** The client-observed latency of the same requests. */
  observedMs: number[];
}

/** What one operation produced in one round: its timed samples and its errors. */
export interface OperationSamples {
  timesMs: number[];
  /** Server-Timing of the timed samples that had it (fewer than timesMs where some did not). */
  serverTiming: ServerTimingSamples;
  errors: number;
  examples: string[];
  /** Timed samples that had to open a connection (their time includes the TCP handshake). */
  freshConnections: number;
}

export type OperationsSamples = Record<CrudOperation, OperationSamples>;

/** A successful, validated response and its client-side latency. */
export interface Measured {
  elapsedMs: number;
  json: unknown;
  /** The request rode a connection that had already carried one. */
  reused: boolean;
  /** The response's Server-Timing, when it carried a valid one (read after the clock stopped). */
  serverTiming?: ServerTiming;
}

/**
 * Collects the latencies and errors of one operation. Every response is validated after its
 * timed region ends; one that fails validation is an error, never a fast success.
 */
export class OperationRecorder {
  readonly timesMs: number[] = [];
  readonly serverTiming: ServerTimingSamples = { dbMs: [], appMs: [], observedMs: [] };
  errors = 0;
  freshConnections = 0;
  private consecutiveErrors = 0;
  private readonly examples: string[] = [];

  constructor(
    private readonly context: WorkloadContext,
    private readonly operation: string,
  ) {}

  /**
   * Sends planned requests as one batch inside a timed region (the engine times each one)
   * and validates every answer after it. `verify` adds checks beyond the contract schema
   * (e.g. the id asked for). Each entry is undefined where that request failed (counted).
   * The batch stops early once the failures in a row would abort the operation anyway, so
   * a stalled target costs a few timeouts, not one per planned request.
   */
  async batch(specs: readonly RequestSpec[], expectation: ResponseExpectation, verify?: (json: unknown, index: number) => string | undefined): Promise<(Measured | undefined)[]> {
    this.throwIfStopped();
    const { client, sampler } = this.context;
    let outcomes;
    sampler.hold();
    try {
      outcomes = await client.batch(specs, { stopAfterFailures: MAX_CONSECUTIVE_ERRORS - this.consecutiveErrors });
    } catch (error) {
      throw new WorkloadAborted(`${this.operation}: ${describeError(error)}`, "failed-workload");
    } finally {
      sampler.release();
    }
    return outcomes.map((outcome, index) => {
      const spec = specs[index]!;
      if (!outcome.ok) return this.error(`${spec.method} ${spec.path}: ${outcome.cause}: ${outcome.message}`);
      const checked = checkResponse(outcome.response, expectation);
      if (!checked.ok) return this.error(`${spec.method} ${spec.path}: ${checked.reason}`);
      const problem = verify?.(checked.json, index);
      if (problem) return this.error(`${spec.method} ${spec.path}: ${problem}`);
      this.consecutiveErrors = 0;
      const timing = parseServerTiming(outcome.response.headers);
      return { elapsedMs: outcome.response.elapsedMs, json: checked.json, reused: outcome.reused, ...(timing.ok ? { serverTiming: timing.timing } : {}) };
    });
  }

  /** One request: a batch of one. */
  async request(spec: RequestSpec, expectation: ResponseExpectation, verify?: (json: unknown) => string | undefined): Promise<Measured | undefined> {
    return (await this.batch([spec], expectation, verify))[0];
  }

  /** Counts a failure that is not one request's (e.g. a bulk batch with a failed member). */
  error(description: string): undefined {
    this.errors++;
    this.consecutiveErrors++;
    if (this.examples.length < MAX_ERROR_EXAMPLES) this.examples.push(description);
    if (this.context.targetExited()) throw new WorkloadAborted(`target exited during ${this.operation}`, "crashed");
    if (this.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
      throw new WorkloadAborted(`${MAX_CONSECUTIVE_ERRORS} consecutive errors during ${this.operation}; last: ${description}`, "failed-workload");
    }
    return undefined;
  }

  /** Keeps the samples of a batch's validated results that its layout marks timed. */
  recordTimed(results: readonly (Measured | undefined)[], layout: BatchLayout): void {
    results.forEach((measured, index) => {
      if (measured && layout[index] === true) this.record(measured);
    });
  }

  /** Keeps a timed sample; one that opened a connection is counted, never silently kept. */
  record(measured: Pick<Measured, "elapsedMs" | "reused" | "serverTiming">): void {
    this.timesMs.push(measured.elapsedMs);
    if (measured.serverTiming) {
      this.serverTiming.dbMs.push(measured.serverTiming.dbMs);
      this.serverTiming.appMs.push(measured.serverTiming.appMs);
      this.serverTiming.observedMs.push(measured.elapsedMs);
    }
    if (!measured.reused) this.freshConnections++;
  }

  throwIfStopped(): void {
    if (this.context.signal?.aborted) throw new WorkloadAborted(`interrupted during ${this.operation}`, "interrupted");
  }

  samples(): OperationSamples {
    const { dbMs, appMs, observedMs } = this.serverTiming;
    return { timesMs: [...this.timesMs], serverTiming: { dbMs: [...dbMs], appMs: [...appMs], observedMs: [...observedMs] }, errors: this.errors, examples: [...this.examples], freshConnections: this.freshConnections };
  }
}
