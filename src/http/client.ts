import { Client, errors } from "undici";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD";
/**
 * Methods only the conformance suite sends, to hold targets to the 405/501 rules of
 * spec/README.md ("Methods"); FROB stands for a method token no server knows.
 */
export type ProbeMethod = "OPTIONS" | "TRACE" | "PROPFIND" | "QUERY" | "FROB";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A response with the client-side time from just before sending to the last body byte. */
export interface TimedResponse extends HttpResponse {
  elapsedMs: number;
}

export interface RequestSpec {
  method: HttpMethod | ProbeMethod;
  path: string;
  /** A raw body (already serialised); sent as-is so the timed region holds no JSON.stringify. */
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

/**
 * One keep-alive HTTP/1.1 connection to a target (undici Client, pipelining 1): what a
 * sequential benchmark needs, and far cheaper per request than fetch on a 2-core machine.
 * Every request is bounded in time; a timeout is an error, never a slow success.
 */
/** The default of --request-timeout: a request unanswered this long is an error. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** One keep-alive connection, one request at a time, every phase bounded by `timeoutMs`. */
export function keepAliveConnection(baseUrl: string, timeoutMs: number): Client {
  return new Client(baseUrl, { pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs, keepAliveTimeout: 30_000 });
}

export class TargetClient {
  private readonly client: Client;

  constructor(baseUrl: string, timeoutMs: number) {
    this.client = keepAliveConnection(baseUrl, timeoutMs);
  }

  async send(spec: RequestSpec): Promise<TimedResponse> {
    const options = {
      method: spec.method,
      path: spec.path,
      headers: spec.headers ?? {},
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    };
    const started = process.hrtime.bigint();
    const response = await this.client.request(options);
    const body = await response.body.text();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { status: response.statusCode, headers: response.headers, body, elapsedMs };
  }

  /** JSON convenience for conformance and setup (not for timed paths). */
  sendJson(method: HttpMethod, path: string, value?: unknown): Promise<TimedResponse> {
    return this.send({
      method,
      path,
      ...(value !== undefined ? { body: JSON.stringify(value), headers: { ...JSON_HEADERS } } : {}),
    });
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => this.client.destroy());
  }
}

export function isTimeout(error: unknown): boolean {
  return error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError;
}

export function headerValue(headers: HttpResponse["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
