import { performance } from "node:perf_hooks";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { DirectDatabase, DirectTaskRow, Task } from "../../src/contract/task.js";

/**
 * An in-process stand-in for a *target*: the Task API of spec/openapi.yaml over real HTTP on
 * 127.0.0.1, kept in memory, faithful enough that the whole conformance suite passes against
 * it. Tests make it misbehave with faults, so the harness's handling of a bad target can be
 * tested without building, starting and breaking a real one:
 *
 *   const fake = await FakeTaskApi.start();
 *   fake.inject({ kind: "answer", status: 500, method: "PUT", skip: 3, times: 2 });
 *   fake.inject({ kind: "crash", skip: 100 });   // dies at the 101st request
 *   … new TargetClient(fake.baseUrl) …, targetExited: () => fake.exited
 *   await fake.close();
 */

/** What the fake does to a request a fault applies to. */
export type Misbehaviour =
  /** Answer this instead of the real response (default: 500 with a JSON error). */
  | { kind: "answer"; status?: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Wait, then serve the request normally. */
  | { kind: "delay"; ms: number }
  /** Keep the CPU busy this long (precise to microseconds, unlike a timer), then serve normally. */
  | { kind: "busy"; ms: number }
  /** Never answer (the client's timeout is what ends the request). */
  | { kind: "hang" }
  /** Destroy the connection without an answer. */
  | { kind: "drop" }
  /** Die like a crashed target: stop listening and cut every connection. */
  | { kind: "crash" };

export type Fault = Misbehaviour & {
  /** Only requests with this method (e.g. "PUT"); any method when absent. */
  method?: string;
  /** Only requests whose path and query match; any path when absent. */
  path?: RegExp;
  /** Matching requests served normally before the fault starts applying (default 0). */
  skip?: number;
  /** How many matching requests it applies to, after `skip` (default: all of them). */
  times?: number;
};

export interface ReceivedRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  /** Order of arrival across every fake of this process: which server got a request first. */
  arrival: number;
}

let arrivals = 0;

const MAX_BODY_BYTES = 65536;
const MAX_ID = 9223372036854775807n;

interface Reply {
  status: number;
  body?: unknown;
  location?: string;
  /** The Allow header of a 405. */
  allow?: string;
}

/** What each path serves (spec/README.md, Methods): HEAD wherever GET is served. */
const SERVED = { health: ["GET", "HEAD"], tasks: ["GET", "HEAD", "POST"], task: ["GET", "HEAD", "PUT", "DELETE"] } as const;

interface ActiveFault {
  fault: Fault;
  matched: number;
  applied: number;
}

type Input = Pick<Task, "title" | "description" | "completed">;

export class FakeTaskApi {
  /** Every request received, in order, including those a fault answered. */
  readonly requests: ReceivedRequest[] = [];
  /** True once the fake has crashed (a fault or crash()): what `targetExited` reports. */
  exited = false;
  /** The harness's way into the "database" behind the API (conformance's reads-the-database). */
  readonly database: DirectDatabase = {
    insertTask: async (row: DirectTaskRow) => {
      const id = ++this.lastId;
      this.store.set(id, { id, ...row });
      return id;
    },
  };

  private readonly store = new Map<number, Task>();
  private lastId = 0;
  private faults: ActiveFault[] = [];
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeTaskApi> {
    const server = createServer();
    server.listen({ host: "127.0.0.1", port: 0 });
    await once(server, "listening");
    const fake = new FakeTaskApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      // A client that gives up mid-body must not become an unhandled rejection in the test.
      fake.handle(request, response).catch(() => response.destroy());
    });
    // A method Node's parser does not know never reaches "request": answer it as the contract allows, 501.
    server.on("clientError", (_error, socket) => {
      const body = JSON.stringify({ error: "method not implemented" });
      socket.end(`HTTP/1.1 501 Not Implemented\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    });
    return fake;
  }

  /** Adds a fault. Faults are checked in the order added; the first that applies wins. */
  inject(fault: Fault): void {
    this.faults.push({ fault, matched: 0, applied: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** The stored tasks in id order. */
  tasks(): Task[] {
    return [...this.store.values()];
  }

  /** Dies now, as a crashed target would. */
  crash(): void {
    this.exited = true;
    void this.stop();
  }

  close(): Promise<void> {
    return this.stop();
  }

  private stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Kept-alive and hanging connections would otherwise keep the server open.
      this.server.closeAllConnections();
    });
    return this.stopped;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const received = { method: request.method ?? "", path: request.url ?? "/", arrival: ++arrivals };
    this.requests.push(received);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fault = this.faultFor(received);
    const appStart = performance.now();
    switch (fault?.kind) {
      case "hang":
        return;
      case "drop":
        request.socket.destroy();
        return;
      case "crash":
        this.crash();
        return;
      case "answer":
        response.writeHead(fault.status ?? 500, { "content-type": fault.contentType ?? "application/json", ...fault.headers });
        response.end(fault.body ?? JSON.stringify({ error: "injected failure" }));
        return;
      case "delay":
        await sleep(fault.ms);
        if (this.exited) return;
        break;
      case "busy": {
        const until = performance.now() + fault.ms;
        while (performance.now() < until) {
          // A slow handler: the drift tests need delays far more precise than a timer's.
        }
        break;
      }
    }
    const head = received.method === "HEAD";
    const url = new URL(received.path, "http://fake");
    const dbStart = performance.now();
    const reply = this.route(head ? "GET" : received.method, url, Buffer.concat(chunks), request.headers["content-type"]);
    // The fake has no database: its in-memory store work stands in for the driver's time.
    const timing = reply.status < 300 && url.pathname.startsWith("/tasks") ? { "server-timing": serverTiming(performance.now() - dbStart, performance.now() - appStart) } : {};
    if (reply.body === undefined) {
      response.writeHead(reply.status, timing).end();
      return;
    }
    response.writeHead(reply.status, { "content-type": "application/json", ...(reply.location ? { location: reply.location } : {}), ...(reply.allow ? { allow: reply.allow } : {}), ...timing });
    response.end(head ? undefined : JSON.stringify(reply.body));
  }

  private faultFor(request: ReceivedRequest): Misbehaviour | undefined {
    for (const active of this.faults) {
      const { fault } = active;
      if (fault.method !== undefined && fault.method !== request.method) continue;
      if (fault.path !== undefined && !fault.path.test(request.path)) continue;
      active.matched++;
      if (active.matched > (fault.skip ?? 0) && active.applied < (fault.times ?? Infinity)) {
        active.applied++;
        return fault;
      }
    }
    return undefined;
  }

  private route(method: string, url: URL, body: Buffer, contentType: string | undefined): Reply {
    const path = url.pathname;
    if (path === "/health") return method === "GET" ? { status: 200, body: { status: "ok" } } : notAllowed(SERVED.health);
    if (path === "/tasks") {
      if (method === "GET") return this.list(url.searchParams);
      if (method !== "POST") return notAllowed(SERVED.tasks);
      const input = parseInput(body, contentType);
      if ("status" in input) return input;
      const now = new Date().toISOString();
      const task: Task = { id: ++this.lastId, ...input, created_at: now, updated_at: now };
      this.store.set(task.id, task);
      return { status: 201, body: task, location: `/tasks/${task.id}` };
    }
    const match = /^\/tasks\/([^/]+)$/.exec(path);
    if (!match) return failure(404, "no such route");
    if (method !== "GET" && method !== "PUT" && method !== "DELETE") return notAllowed(SERVED.task);
    const task = this.store.get(parseId(match[1]!) ?? 0);
    if (!task) return failure(404, "no such task");
    if (method === "GET") return { status: 200, body: task };
    if (method === "DELETE") {
      this.store.delete(task.id);
      return { status: 204 };
    }
    const input = parseInput(body, contentType);
    if ("status" in input) return input;
    const updated: Task = { ...task, ...input, updated_at: new Date().toISOString() };
    this.store.set(task.id, updated);
    return { status: 200, body: updated };
  }

  private list(params: URLSearchParams): Reply {
    const limit = integerParam(params.get("limit"), 100, 1, 1000);
    const offset = integerParam(params.get("offset"), 0, 0, Number.MAX_SAFE_INTEGER);
    if (limit === undefined || offset === undefined) return failure(400, "limit must be 1-1000 and offset ≥ 0");
    return { status: 200, body: this.tasks().slice(offset, offset + limit) };
  }
}

/** The contract's header, durations at least 1 µs (what the fake does can round to nothing). */
function serverTiming(dbMs: number, appMs: number): string {
  const db = Math.max(0.001, dbMs);
  return `db;dur=${db.toFixed(3)}, app;dur=${Math.max(db, appMs).toFixed(3)}`;
}

function failure(status: number, message: string): Reply {
  return { status, body: { error: message } };
}

function notAllowed(served: readonly string[]): Reply {
  return { ...failure(405, "method not allowed"), allow: served.join(", ") };
}

/** A positive decimal id within signed 64-bit range; anything else names no task. */
function parseId(text: string): number | undefined {
  if (!/^[1-9][0-9]*$/.test(text) || BigInt(text) > MAX_ID) return undefined;
  return Number(text);
}

function integerParam(text: string | null, fallback: number, min: number, max: number): number | undefined {
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** Code points, not UTF-16 units; no NUL; no unpaired surrogates (spec/README.md). */
function isValidText(value: unknown, min: number, max: number): value is string {
  if (typeof value !== "string" || value.includes("\u0000") || /\p{Cs}/u.test(value)) return false;
  const length = [...value].length;
  return length >= min && length <= max;
}

function parseInput(body: Buffer, contentType: string | undefined): Input | Reply {
  if (!/^application\/json(\s*;|$)/i.test(contentType ?? "")) return failure(415, "Content-Type must be application/json");
  if (body.length > MAX_BODY_BYTES) return failure(413, "body too large");
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return failure(400, "malformed JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return failure(400, "body must be a JSON object");
  const { title, description = "", completed = false } = value as Record<string, unknown>;
  if (!isValidText(title, 1, 200)) return failure(400, "title must be a string of 1-200 characters");
  if (!isValidText(description, 0, 2000)) return failure(400, "description must be a string of at most 2000 characters");
  if (typeof completed !== "boolean") return failure(400, "completed must be a boolean");
  return { title, description, completed };
}
