import { TargetClient, type RequestSpec, type TimedResponse } from "../../src/http/client.js";
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
 * The real client over real HTTP, noting each answered request and its measured latency so
 * a test can check exactly which latencies a workload kept. It changes nothing it forwards.
 */
export class ObservedClient extends TargetClient {
  readonly sent: SentRequest[] = [];

  override async send(spec: RequestSpec): Promise<TimedResponse> {
    const response = await super.send(spec);
    this.sent.push({ method: spec.method, path: spec.path, status: response.status, elapsedMs: response.elapsedMs });
    return response;
  }
}

export interface TestWorkloadContext extends WorkloadContext {
  client: ObservedClient;
  sampler: GateLog;
  progress: { message: string; final: boolean }[];
}

/** A workload context on the fake: target exit is the fake's crash. */
export function fakeWorkloadContext(fake: FakeTaskApi, options: { timeoutMs?: number; signal?: AbortSignal } = {}): TestWorkloadContext {
  const progress: { message: string; final: boolean }[] = [];
  return {
    client: new ObservedClient(fake.baseUrl, options.timeoutMs ?? 5_000),
    sampler: new GateLog(),
    targetExited: () => fake.exited,
    signal: options.signal,
    onProgress: (message, final = false) => progress.push({ message, final }),
    progress,
  };
}
