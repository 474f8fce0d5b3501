// The contract's method rules (spec/README.md, "Methods"): a known path answers every method
// it does not serve with 405 and an Allow header. Fastify's router knows a path only per
// method, so by default such a request is a 404, and a method outside Fastify's list never
// reaches a route at all. This file is identical in targets/fastify-raw and targets/fastify-orm.
import { METHODS, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * Lets every method Node.js's HTTP parser accepts (WebDAV's PROPFIND, and so on) reach the
 * router, as Fastify's docs say to (`addHttpMethod`), so that a known path can answer it 405.
 * CONNECT is left out: Node.js hands it to a 'connect' listener, never to the router.
 */
export function routeEveryNodeMethod(app: FastifyInstance): void {
  for (const method of METHODS) {
    if (method !== "CONNECT" && !app.supportedMethods.includes(method)) app.addHttpMethod(method);
  }
}

/**
 * Routes every method `url` does not serve to a 405 naming the ones it does. It answers in
 * onRequest, before Fastify reads or parses a body, so the method alone decides: a PATCH
 * with a text/plain or malformed body is a 405, not a 415 or 400. (Fastify requires a
 * handler; the same function serves, though onRequest has always answered first.)
 */
export function allowOnly(app: FastifyInstance, url: string, served: readonly string[]): void {
  const allow = served.join(", ");
  const methodNotAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(405).header("allow", allow).type("application/json").send({ error: "method not allowed" });
  app.route({ method: app.supportedMethods.filter((method) => !served.includes(method)), url, onRequest: methodNotAllowed, handler: methodNotAllowed });
}

/**
 * Fastify's `clientErrorHandler` option, for requests Node.js's parser rejects before any
 * route sees them. A method token outside Node.js's list (`FROB /tasks`) is one the server
 * cannot serve on any resource: 501, RFC 9110 §15.6.2's answer, which the contract allows
 * in place of 405. Other parse errors keep the statuses of Fastify's default handler. The
 * body is the contract's error, and `Connection: close` says the socket is not reused:
 * the parser cannot read on after an error.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status = CLIENT_ERROR_STATUS[error.code ?? ""] ?? 400;
  const reason = STATUS_CODES[status] ?? "Bad Request";
  const body = JSON.stringify({ error: reason.toLowerCase() });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_INVALID_METHOD: 501,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
};
