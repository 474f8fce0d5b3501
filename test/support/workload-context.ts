import type { RequestSpec } from "../../src/http/client.js";
import { DispatchTimingClient } from "../../src/timing/dispatch-client.js";
import type { BatchOptions, TimedOutcome, TimingClient } from "../../src/timing/timing-client.js";
import type { SamplingGate } from "../../src/lifecycle/memory-sampler.js";
import type { WorkloadContext } from "../../src/workloads/operation-recorder.js";
import type { FakeTaskApi } from "./fake-task-api.js";

/** A gate that logs hold/release, so a test can see what ran inside a timed region. */
export class GateLog implements SamplingGate {
  readonly events: string[] = [];
  held = false;

  hold(): void {
    this.events.push(this.held ? "hold (already held)" : "hold");
    this.held = true;
  }

  release(): void {
    this.events.push(this.held ? "release" : "release (not held)");
    this.held = false;
  }

  note(event: string): void {
    this.events.push(event);
  }
}

/** A sent request as the client measured it. */
export interface SentRequest {
  method: string;
  path: string;
  status: number;
  elapsedMs: number;
}

/**
 * The real in-process engine over real HTTP, noting each answered request and its measured
 * latency so a test can check exactly which latencies a workload kept, and each batch's size
 * and the gate's state when it was sent. It changes nothing it forwards.
 */
export class ObservedClient implements TimingClient {
  readonly sent: SentRequest[] = [];
  readonly batches: { size: number; gateHeld: boolean }[] = [];
  private readonly inner: DispatchTimingClient;

  constructor(
    baseUrl: string,
    timeoutMs: number,
    private readonly gate?: GateLog,
  ) {
    this.inner = new DispatchTimingClient(baseUrl, timeoutMs);
  }

  get engine() {
    return this.inner.engine;
  }

  get connectionsOpened() {
    return this.inner.connectionsOpened;
  }

  async batch(requests: readonly RequestSpec[], options?: BatchOptions): Promise<TimedOutcome[]> {
    this.batches.push({ size: requests.length, gateHeld: this.gate?.held ?? false });
    const outcomes = await this.inner.batch(requests, options);
    outcomes.forEach((outcome, index) => {
      const spec = requests[index]!;
      if (outcome.ok) this.sent.push({ method: spec.method, path: spec.path, status: outcome.response.status, elapsedMs: outcome.response.elapsedMs });
    });
    return outcomes;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface TestWorkloadContext extends WorkloadContext {
  client: ObservedClient;
  sampler: GateLog;
}

/** A workload context on the fake: target exit is the fake's crash. */
export function fakeWorkloadContext(fake: FakeTaskApi, options: { timeoutMs?: number; signal?: AbortSignal } = {}): TestWorkloadContext {
  const sampler = new GateLog();
  return {
    client: new ObservedClient(fake.baseUrl, options.timeoutMs ?? 5_000, sampler),
    sampler,
    targetExited: () => fake.exited,
    signal: options.signal,
  };
}
