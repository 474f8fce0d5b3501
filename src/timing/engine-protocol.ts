import type { RequestSpec } from "../http/client.js";
import { headerRecord, REQUEST_FAILURE_CAUSES, type RequestFailureCause, type TimedOutcome } from "./timing-client.js";

/**
 * crudbench-engine's JSON-lines protocol, Node's half: a request as the engine wants it,
 * and an answer line checked field by field. Pure, and outside every timed region (the
 * engine timed the requests before it wrote the line).
 */

export interface WireRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function toWireRequest(spec: RequestSpec): WireRequest {
  const wire: WireRequest = { method: spec.method, path: spec.path, headers: Object.entries(spec.headers ?? {}) };
  if (typeof spec.body === "string") wire.body = spec.body;
  // JSON carries text only; a body of arbitrary bytes cannot cross this protocol.
  else if (spec.body !== undefined) wire.body = strictUtf8.decode(spec.body);
  return wire;
}

export type ParsedAnswer =
  | { kind: "answered"; connectionsOpened: number; outcomes: TimedOutcome[] }
  /** The engine refused the line: a request crudbench should never have built. */
  | { kind: "rejected"; error: string }
  /** Not an answer to this batch: the engine cannot be trusted any more. */
  | { kind: "garbage"; problem: string };

type Json = Record<string, unknown>;

/**
 * Checks one answer line against the batch it should answer (id and request count). With
 * `stopAfterFailures`, a shorter answer is right only when it ends in that many failures.
 */
export function parseAnswer(line: string, batch: number, requests: number, stopAfterFailures?: number): ParsedAnswer {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return garbage(`not JSON: ${line.slice(0, 200)}`);
  }
  if (!isObject(value)) return garbage(`not a JSON object: ${line.slice(0, 200)}`);
  if (value.batch === null && typeof value.error === "string") return { kind: "rejected", error: value.error };
  if (value.batch !== batch) return garbage(`answer names batch ${JSON.stringify(value.batch)}, expected ${batch}`);
  if (!isCount(value.connections_opened)) return garbage("connections_opened is not a count");
  if (!Array.isArray(value.results) || value.results.length > requests) return garbage(`expected ${requests} results, got ${Array.isArray(value.results) ? value.results.length : "none"}`);
  const outcomes: TimedOutcome[] = [];
  for (const [index, result] of value.results.entries()) {
    const outcome = toOutcome(result);
    if (typeof outcome === "string") return garbage(`results[${index}]: ${outcome}`);
    outcomes.push(outcome);
  }
  if (outcomes.length < requests) {
    const stoppedRightly = stopAfterFailures !== undefined && outcomes.length >= stopAfterFailures && outcomes.slice(-stopAfterFailures).every((outcome) => !outcome.ok);
    if (!stoppedRightly) return garbage(`expected ${requests} results, got ${outcomes.length}`);
  }
  return { kind: "answered", connectionsOpened: value.connections_opened, outcomes };
}

/** One result, or what is wrong with it. */
function toOutcome(result: unknown): TimedOutcome | string {
  if (!isObject(result)) return "not an object";
  if (!isCount(result.elapsed_ns)) return "elapsed_ns is not a count of nanoseconds";
  if (typeof result.reused !== "boolean") return "reused is not a boolean";
  const elapsedMs = result.elapsed_ns / 1e6;
  if (result.ok === true) {
    if (!Number.isInteger(result.status) || (result.status as number) < 100 || (result.status as number) > 999) return "status is not an HTTP status";
    if (!isHeaderPairs(result.headers)) return "headers are not [name, value] pairs";
    if (typeof result.body !== "string") return "body is not a string";
    return { ok: true, response: { status: result.status as number, headers: headerRecord(result.headers), body: result.body, elapsedMs }, reused: result.reused };
  }
  if (result.ok === false) {
    if (!REQUEST_FAILURE_CAUSES.includes(result.cause as RequestFailureCause)) return `unknown cause ${JSON.stringify(result.cause)}`;
    if (typeof result.message !== "string") return "message is not a string";
    return { ok: false, cause: result.cause as RequestFailureCause, message: result.message, elapsedMs, reused: result.reused };
  }
  return "ok is neither true nor false";
}

function garbage(problem: string): ParsedAnswer {
  return { kind: "garbage", problem };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isHeaderPairs(value: unknown): value is [string, string][] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string");
}
