import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../src/lifecycle/free-port.js";
import type { TimedOutcome, TimingClient } from "../../src/timing/timing-client.js";

/**
 * The cases every TimingClient must pass, whatever engine is behind it (hono's
 * common.case.test.ts idea): real HTTP on 127.0.0.1 against small servers started here.
 * No timing thresholds: structure, counts and causes; latencies only > 0.
 */
export type OpenClient = (baseUrl: string, timeoutMs: number) => TimingClient;

/** A short request timeout, so the stalled-server case finishes quickly. */
const TIMEOUT_MS = 400;

interface Fixture {
  url: string;
  /** TCP connections the server has accepted. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP server whose paths each behave one way. */
async function startHttpServer(): Promise<Fixture> {
  let connections = 0;
  const stalled = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = request.url ?? "/";
      if (url === "/fixed") response.writeHead(200, { "content-type": "application/json" }).end('{"fixed":true}');
      else if (url === "/chunked") {
        // Two writes without a Content-Length: Node sends a chunked body.
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"chunked":');
        setImmediate(() => response.end("true}"));
      } else if (url === "/echo") {
        const body = JSON.stringify({ method: request.method, contentType: request.headers["content-type"] ?? null, body: Buffer.concat(chunks).toString() });
        response.writeHead(201, { "content-type": "application/json", location: "/tasks/1", "x-twice": ["a", "b"] }).end(body);
      } else if (url === "/die") request.socket.destroy();
      else if (url === "/stall") stalled.add(request.socket);
      else if (url === "/bad-utf8") response.writeHead(200, { "content-type": "text/plain" }).end(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]));
      else response.writeHead(404).end();
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => {
      for (const socket of stalled) socket.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP server that answers any request with fixed bytes and closes: not quite HTTP. */
async function startRawServer(reply: string): Promise<Fixture> {
  let connections = 0;
  const server: NetServer = createNetServer((socket) => {
    connections++;
    socket.on("error", () => {});
    socket.once("data", () => socket.end(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const get = (path: string) => ({ method: "GET" as const, path });

function failureOf(outcome: TimedOutcome | undefined) {
  if (!outcome || outcome.ok) throw new Error(`expected a failed request, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function responseOf(outcome: TimedOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome.response;
}

export function timingClientCases(name: string, open: OpenClient | { skip: string }): void {
  const skip = "skip" in open ? open.skip : undefined;
  describe(skip ? `${name} (skipped: ${skip})` : name, () => {
    let http: Fixture;
    const clients: TimingClient[] = [];
    const client = (url: string) => {
      const opened = (open as OpenClient)(url, TIMEOUT_MS);
      clients.push(opened);
      return opened;
    };
    beforeAll(async () => {
      http = await startHttpServer();
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await http?.close();
    });

    it.skipIf(skip)("reads fixed-length and chunked bodies, and sends bodies and headers as given", async () => {
      const timing = client(http.url);
      const body = '{"title":"x"}';
      const [fixed, chunked, echo] = await timing.batch([get("/fixed"), get("/chunked"), { method: "POST", path: "/echo", headers: { "content-type": "application/json" }, body }]);
      expect(responseOf(fixed)).toMatchObject({ status: 200, body: '{"fixed":true}', headers: { "content-type": "application/json" } });
      expect(responseOf(chunked)).toMatchObject({ status: 200, body: '{"chunked":true}' });
      const echoed = responseOf(echo);
      expect(echoed.status).toBe(201);
      expect(echoed.headers.location).toBe("/tasks/1");
      expect(echoed.headers["x-twice"]).toEqual(["a", "b"]);
      expect(JSON.parse(echoed.body)).toEqual({ method: "POST", contentType: "application/json", body });
      for (const outcome of [fixed, chunked, echo]) expect(responseOf(outcome).elapsedMs).toBeGreaterThan(0);
      expect(timing.engine).toMatch(/^(native|undici-dispatch)$/);
    });

    it.skipIf(skip)("keeps one connection alive over a batch of 20, and across batches", async () => {
      const timing = client(http.url);
      const before = http.connections();
      const outcomes = await timing.batch(Array.from({ length: 20 }, () => get("/fixed")));
      expect(outcomes.map((o) => o.ok)).toEqual(Array(20).fill(true));
      expect(outcomes.map((o) => o.reused)).toEqual([false, ...Array(19).fill(true)]);
      const [next] = await timing.batch([get("/fixed")]);
      expect(next?.reused).toBe(true);
      expect(timing.connectionsOpened).toBe(1);
      expect(http.connections() - before).toBe(1);
    });

    it.skipIf(skip)("reports a connection destroyed mid-batch as closed, and reconnects for the next request", async () => {
      const timing = client(http.url);
      const outcomes = await timing.batch([get("/fixed"), get("/fixed"), get("/die"), get("/fixed"), get("/fixed")]);
      expect(outcomes.map((o) => (o.ok ? "ok" : o.cause))).toEqual(["ok", "ok", "closed", "ok", "ok"]);
      expect(outcomes.map((o) => o.reused)).toEqual([false, true, true, false, true]);
      expect(timing.connectionsOpened).toBe(2);
    });

    it.skipIf(skip)("times out a stalled server, then carries on", async () => {
      const timing = client(http.url);
      const [stalled, after] = await timing.batch([get("/stall"), get("/fixed")]);
      const failure = failureOf(stalled);
      expect(failure.cause).toBe("timeout");
      expect(failure.elapsedMs).toBeGreaterThan(0);
      expect(after?.ok).toBe(true);
    });

    it.skipIf(skip)("stops a batch after the failures in a row it is allowed, and sends no more", async () => {
      const timing = client(http.url);
      const outcomes = await timing.batch([get("/stall"), get("/stall"), get("/fixed"), get("/fixed")], { stopAfterFailures: 2 });
      expect(outcomes.map((o) => (o.ok ? "ok" : o.cause))).toEqual(["timeout", "timeout"]);
      // A success resets the count: one failure, then the rest.
      const mixed = await timing.batch([get("/stall"), get("/fixed"), get("/stall"), get("/fixed")], { stopAfterFailures: 2 });
      expect(mixed.map((o) => (o.ok ? "ok" : o.cause))).toEqual(["timeout", "ok", "timeout", "ok"]);
    });

    it.skipIf(skip)("reports a body that is not UTF-8 as invalid-utf8", async () => {
      const [outcome] = await client(http.url).batch([get("/bad-utf8")]);
      expect(failureOf(outcome).cause).toBe("invalid-utf8");
    });

    it.skipIf(skip)("reports garbage instead of HTTP as malformed", async () => {
      const raw = await startRawServer("this is not http\r\n\r\n");
      try {
        const [outcome] = await client(raw.url).batch([get("/")]);
        expect(failureOf(outcome).cause).toBe("malformed");
      } finally {
        await raw.close();
      }
    });

    it.skipIf(skip)("reports a body cut short of its Content-Length as length-mismatch", async () => {
      const raw = await startRawServer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
      try {
        const [outcome] = await client(raw.url).batch([get("/")]);
        expect(failureOf(outcome).cause).toBe("length-mismatch");
      } finally {
        await raw.close();
      }
    });

    it.skipIf(skip)("reports a server gone between batches as connect, on no reused connection", async () => {
      const own = await startHttpServer();
      const timing = client(own.url);
      const [first] = await timing.batch([get("/fixed")]);
      expect(first?.ok).toBe(true);
      await own.close();
      // Time for the FIN to reach the client; before it does, the request would be "closed".
      await sleep(100);
      const [after] = await timing.batch([get("/fixed")]);
      expect(failureOf(after)).toMatchObject({ cause: "connect", reused: false });
      expect(timing.connectionsOpened).toBe(1);
    });

    it.skipIf(skip)("reports a refused connection as connect, not reused, and opens nothing", async () => {
      const port = await findFreePort("127.0.0.1");
      const timing = client(`http://127.0.0.1:${port}`);
      const [first, second] = await timing.batch([get("/fixed"), get("/fixed")]);
      expect(failureOf(first)).toMatchObject({ cause: "connect", reused: false });
      expect(failureOf(second)).toMatchObject({ cause: "connect", reused: false });
      expect(timing.connectionsOpened).toBe(0);
    });
  });
}
