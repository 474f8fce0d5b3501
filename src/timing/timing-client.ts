import type { HttpResponse, RequestSpec, TimedResponse } from "../http/client.js";

/**
 * The one interface the workloads time requests through. Two engines implement it:
 * `native` (crudbench-engine, a Rust child process that times each request itself) and
 * `undici-dispatch` (in-process, the fallback where the engine cannot be built).
 */
export type TimingEngineName = "native" | "undici-dispatch";

/** Why a request got no usable response: the same six words from either engine. */
export type RequestFailureCause = "connect" | "timeout" | "closed" | "malformed" | "length-mismatch" | "invalid-utf8";

export const REQUEST_FAILURE_CAUSES: readonly RequestFailureCause[] = ["connect", "timeout", "closed", "malformed", "length-mismatch", "invalid-utf8"];

/**
 * One request's outcome. A failure is data, never a throw, and never a sample: its
 * `elapsedMs` (until the failure was seen) is for messages, not for statistics.
 * `reused`: the request rode a connection that had already carried one.
 */
export type TimedOutcome =
  | { ok: true; response: TimedResponse; reused: boolean }
  | { ok: false; cause: RequestFailureCause; message: string; elapsedMs: number; reused: boolean };

export interface BatchOptions {
  /**
   * Stop after this many failed requests in a row: the outcomes stop there (fewer than the
   * requests). A stalled target then costs that many timeouts, not one per planned request.
   */
  stopAfterFailures?: number;
}

export interface TimingClient {
  readonly engine: TimingEngineName;
  /**
   * Sends the requests in order over one keep-alive connection, one at a time, and resolves
   * with one outcome each. Never rejects for a request's failure; rejects only when the
   * engine itself is broken (a harness failure), and then every later call rejects too.
   * Bodies are already-serialised strings, so nothing is serialised in the timed path.
   */
  batch(requests: readonly RequestSpec[], options?: BatchOptions): Promise<TimedOutcome[]>;
  /** Connections opened so far (1 for a session that never reconnected). */
  readonly connectionsOpened: number;
  close(): Promise<void>;
}

/** Header pairs as the wire had them (names lowercased) → the record TimedResponse carries. */
export function headerRecord(pairs: readonly (readonly [string, string])[]): HttpResponse["headers"] {
  const headers: HttpResponse["headers"] = {};
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return headers;
}

/** Thrown by `batch` when the engine, not a request, failed: the run cannot go on with it. */
export class TimingEngineFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimingEngineFailure";
  }
}
