import { describeError } from "../errors.js";
import type { TargetClient, RequestSpec } from "../http/client.js";
import { checkResponse, type ResponseExpectation } from "../contract/response-check.js";
import type { SamplingGate } from "../lifecycle/memory-sampler.js";
import type { CrudOperation } from "../results/types.js";

const MAX_ERROR_EXAMPLES = 5;
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
  client: TargetClient;
  /** Memory sampling is held during every timed request. */
  sampler: SamplingGate;
  /** True once the target's main process has exited. */
  targetExited: () => boolean;
  signal: AbortSignal | undefined;
  onProgress: (message: string, final?: boolean) => void;
}

/** What one operation produced in one round: its timed samples and its errors. */
export interface OperationSamples {
  timesMs: number[];
  errors: number;
  examples: string[];
}

export type OperationsSamples = Record<CrudOperation, OperationSamples>;

/** A successful, validated response and its client-side latency. */
export interface Measured {
  elapsedMs: number;
  json: unknown;
}

/**
 * Collects the latencies and errors of one operation. Every response is validated after its
 * timed region ends; one that fails validation is an error, never a fast success.
 */
export class OperationRecorder {
  readonly timesMs: number[] = [];
  errors = 0;
  private consecutiveErrors = 0;
  private readonly examples: string[] = [];

  constructor(
    private readonly context: WorkloadContext,
    private readonly operation: string,
  ) {}

  /**
   * Sends one request inside a timed region and validates the answer outside it.
   * `verify` adds checks beyond the contract schema (e.g. the id asked for).
   * Returns undefined on error (already counted).
   */
  async request(spec: RequestSpec, expectation: ResponseExpectation, verify?: (json: unknown) => string | undefined): Promise<Measured | undefined> {
    this.throwIfStopped();
    const { client, sampler } = this.context;
    let response;
    sampler.hold();
    try {
      response = await client.send(spec);
    } catch (error) {
      sampler.release();
      return this.error(`${spec.method} ${spec.path}: ${describeError(error)}`);
    }
    sampler.release();
    const checked = checkResponse(response, expectation);
    if (!checked.ok) return this.error(`${spec.method} ${spec.path}: ${checked.reason}`);
    const problem = verify?.(checked.json);
    if (problem) return this.error(`${spec.method} ${spec.path}: ${problem}`);
    this.consecutiveErrors = 0;
    return { elapsedMs: response.elapsedMs, json: checked.json };
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

  record(elapsedMs: number): void {
    this.timesMs.push(elapsedMs);
  }

  throwIfStopped(): void {
    if (this.context.signal?.aborted) throw new WorkloadAborted(`interrupted during ${this.operation}`, "interrupted");
  }

  samples(): OperationSamples {
    return { timesMs: [...this.timesMs], errors: this.errors, examples: [...this.examples] };
  }
}
