import { Client, errors, type Dispatcher } from "undici";
import { keepAliveConnection, type HttpResponse, type RequestSpec } from "../http/client.js";
import type { BatchOptions, RequestFailureCause, TimedOutcome, TimingClient } from "./timing-client.js";

/** Failures to reach the server at all, as Node's socket layer names them. */
const CONNECT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"]);
/** A connection that went away under a request. */
const CLOSED_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/**
 * The in-process engine, for machines where crudbench-engine cannot be built. It drives an
 * undici Client (one keep-alive connection, pipelining 1) through `dispatch` with a bare
 * handler, so the timed region holds no promise, stream or body mixin: the clock starts
 * synchronously at dispatch and stops first thing in `onResponseEnd`. Headers arrive already
 * parsed (undici parses them before the handler sees them); the body is joined and decoded
 * after the clock stops. Timeouts are undici's header and body timers, which tick coarsely:
 * a timeout fires no earlier than asked, but up to about a second later.
 */
export class DispatchTimingClient implements TimingClient {
  readonly engine = "undici-dispatch" as const;
  private readonly client: Client;
  private connects = 0;
  /** Whether a socket is open now: a request dispatched without one will open a new one. */
  private connected = false;
  private busy = false;

  constructor(baseUrl: string, timeoutMs: number) {
    this.client = keepAliveConnection(baseUrl, timeoutMs);
    this.client.on("connect", () => {
      this.connects++;
      this.connected = true;
    });
    this.client.on("disconnect", () => {
      this.connected = false;
    });
  }

  get connectionsOpened(): number {
    return this.connects;
  }

  async batch(requests: readonly RequestSpec[], options: BatchOptions = {}): Promise<TimedOutcome[]> {
    if (this.busy) throw new Error("DispatchTimingClient: one batch at a time (a batch is already in flight)");
    this.busy = true;
    try {
      const outcomes: TimedOutcome[] = [];
      let failuresInARow = 0;
      // Strictly one after another: each request is timed alone on the connection.
      for (const spec of requests) {
        const outcome = await this.send(spec);
        outcomes.push(outcome);
        failuresInARow = outcome.ok ? 0 : failuresInARow + 1;
        if (options.stopAfterFailures !== undefined && failuresInARow >= options.stopAfterFailures) break;
      }
      return outcomes;
    } finally {
      this.busy = false;
    }
  }

  private send(spec: RequestSpec): Promise<TimedOutcome> {
    const options: Dispatcher.DispatchOptions = {
      method: spec.method as Dispatcher.HttpMethod,
      path: spec.path,
      headers: spec.headers ?? {},
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    };
    return new Promise<TimedOutcome>((resolve, reject) => {
      const connectsBefore = this.connects;
      const hadConnection = this.connected;
      // Reused: a connection was open at dispatch and none was opened since (a request that
      // failed to connect, or timed out connecting, rode no connection at all).
      const reused = () => hadConnection && this.connects === connectsBefore;
      const chunks: Buffer[] = [];
      let status = 0;
      let headers: HttpResponse["headers"] = {};
      let started = 0n;
      const handler: Dispatcher.DispatchHandler = {
        // Present so undici treats this as a handler of the current (controller) API.
        onRequestStart: () => {},
        onResponseStart: (_controller, statusCode, responseHeaders) => {
          status = statusCode;
          headers = responseHeaders;
        },
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          const ended = process.hrtime.bigint();
          const elapsedMs = Number(ended - started) / 1e6;
          const body = decodeUtf8(chunks);
          if (body === undefined) resolve({ ok: false, cause: "invalid-utf8", message: "response body is not valid UTF-8", elapsedMs, reused: reused() });
          else resolve({ ok: true, response: { status, headers, body, elapsedMs }, reused: reused() });
        },
        onResponseError: (_controller, error) => {
          const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
          const failure = describeFailure(error, status > 0 ? headers : undefined, chunks);
          // An error we cannot name is not the server's answer but a harness problem.
          if (failure === undefined) reject(new Error(`${spec.method} ${spec.path}: unexpected client error: ${describe(error)}`));
          else resolve({ ok: false, ...failure, elapsedMs, reused: reused() });
        },
      };
      started = process.hrtime.bigint();
      this.client.dispatch(options, handler);
    });
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => this.client.destroy());
  }
}

/** Maps an undici or socket error to the engines' shared causes; undefined when it is neither. */
export function failureCause(error: Error): RequestFailureCause | undefined {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return "timeout";
  // As the native engine says it: a connection that could not be opened in time was not opened.
  if (error instanceof errors.ConnectTimeoutError) return "connect";
  if (error instanceof errors.ResponseContentLengthMismatchError) return "length-mismatch";
  if (error instanceof errors.HTTPParserError || error instanceof errors.ResponseExceededMaxSizeError) return "malformed";
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && CONNECT_CODES.has(code)) return "connect";
  if (error instanceof errors.SocketError || error instanceof errors.ClientClosedError || (code !== undefined && CLOSED_CODES.has(code))) return "closed";
  return undefined;
}

/**
 * The cause and message of a failed request. Like the native engine, a body cut short of its
 * Content-Length is a length mismatch, where undici only sees the socket close.
 */
function describeFailure(error: Error, headers: HttpResponse["headers"] | undefined, chunks: readonly Buffer[]): { cause: RequestFailureCause; message: string } | undefined {
  const cause = failureCause(error);
  const announced = Number(headers?.["content-length"] ?? Number.NaN);
  const received = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (cause === "closed" && received < announced) return { cause: "length-mismatch", message: `server closed the connection after ${received} of ${announced} body bytes` };
  return cause === undefined ? undefined : { cause, message: describe(error) };
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The body as text, byte for byte (a BOM kept, as the native engine keeps it); undefined when not UTF-8. */
function decodeUtf8(chunks: readonly Buffer[]): string | undefined {
  try {
    return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    return undefined;
  }
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
