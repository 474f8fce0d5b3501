import { Ajv } from "ajv";
import Fastify, { type FastifyError, type FastifyReply } from "fastify";
import { openStore, poolSizeFrom, type TaskStore } from "./store.js";
import { taskInputSchema, taskListSchema, taskSchema, errorSchema } from "./schemas.js";
import { parseTaskId, parseListQuery, type TaskInput } from "./input.js";
import { allowOnly, answerClientError, routeEveryNodeMethod } from "./methods.js";

const BODY_LIMIT_BYTES = 65536;

declare module "fastify" {
  interface FastifyRequest {
    /** Server-Timing `db`: milliseconds inside the database driver (the stores add to it). */
    dbMs: number;
    /** `performance.now()` at onRequest, where Server-Timing `app` starts. */
    startMs: number;
  }
}

export function buildApp(store: TaskStore) {
  // No request logging: every target runs without access logs so that logging cost is not
  // what the benchmark compares.
  // A body key named __proto__ (or constructor.prototype) is an unknown field like any other,
  // which the contract ignores; Fastify's JSON parser rejects it unless told to drop it.
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    clientErrorHandler: answerClientError,
    onProtoPoisoning: "remove",
    onConstructorPoisoning: "remove",
  });
  routeEveryNodeMethod(app);

  // Server-Timing (spec/README.md): `app` runs from Fastify's first request hook, onRequest,
  // to its last before the response is written, onSend; `db` is what the store measured around
  // its driver calls, added up on the request (it is the store's DbClock). Two numbers per
  // request, declared with decorateRequest so that every request object has the same shape.
  app.decorateRequest("dbMs", 0);
  app.decorateRequest("startMs", 0);
  app.addHook("onRequest", (request, _reply, done) => {
    request.startMs = performance.now();
    request.dbMs = 0;
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const appMs = performance.now() - request.startMs;
    reply.header("server-timing", `db;dur=${request.dbMs.toFixed(3)}, app;dur=${appMs.toFixed(3)}`);
    done(null, payload);
  });

  // Fastify's default Ajv coerces types ("true" -> true, 1 -> "1"); the contract says a
  // wrong type is a 400, so bodies are validated without coercion.
  app.setValidatorCompiler(({ schema }) => strictValidator.compile(schema));
  // Fastify parses text/plain by default; the contract accepts JSON bodies only (415 otherwise).
  app.removeContentTypeParser("text/plain");

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    // Never expected (no input may produce a 500), so a database failure is worth a line on stderr.
    if (status === 500) console.error(error);
    return sendError(reply, status, status === 500 ? "internal server error" : error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, "route not found"));

  app.get("/health", async () => ({ status: "ok" }));

  // The store answers synchronously on SQLite (better-sqlite3) and with a Promise on
  // PostgreSQL (node-postgres). Each route awaits only a real Promise: on SQLite the handler
  // runs straight through, as it did before PostgreSQL support, with no extra microtask.

  app.post<{ Body: TaskInput }>(
    "/tasks",
    { schema: { body: taskInputSchema, response: { 201: taskSchema, "4xx": errorSchema } } },
    async (request, reply) => {
      const created = store.create(request.body, new Date().toISOString(), request);
      const task = created instanceof Promise ? await created : created;
      return reply.code(201).header("location", `/tasks/${task.id}`).send(task);
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    "/tasks",
    { schema: { response: { 200: taskListSchema, "4xx": errorSchema } } },
    async (request, reply) => {
      const page = parseListQuery(request.query);
      if ("error" in page) return sendError(reply, 400, page.error);
      const tasks = store.list(page.limit, page.offset, request);
      return tasks instanceof Promise ? await tasks : tasks;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/tasks/:id",
    { schema: { response: { 200: taskSchema, "4xx": errorSchema } } },
    async (request, reply) => {
      const id = parseTaskId(request.params.id);
      const found = id === undefined ? undefined : store.get(id, request);
      const task = found instanceof Promise ? await found : found;
      return task ?? sendError(reply, 404, "task not found");
    },
  );

  app.put<{ Params: { id: string }; Body: TaskInput }>(
    "/tasks/:id",
    { schema: { body: taskInputSchema, response: { 200: taskSchema, "4xx": errorSchema } } },
    async (request, reply) => {
      const id = parseTaskId(request.params.id);
      const replaced = id === undefined ? undefined : store.replace(id, request.body, new Date().toISOString(), request);
      const task = replaced instanceof Promise ? await replaced : replaced;
      return task ?? sendError(reply, 404, "task not found");
    },
  );

  app.delete<{ Params: { id: string } }>("/tasks/:id", async (request, reply) => {
    const id = parseTaskId(request.params.id);
    const deleted = id === undefined ? false : store.delete(id, request);
    if (!(deleted instanceof Promise ? await deleted : deleted)) return sendError(reply, 404, "task not found");
    return reply.code(204).send();
  });

  // Every other method on these paths is a 405 naming what they serve (HEAD comes with each
  // GET route: Fastify's exposeHeadRoutes).
  allowOnly(app, "/health", ["GET", "HEAD"]);
  allowOnly(app, "/tasks", ["GET", "HEAD", "POST"]);
  allowOnly(app, "/tasks/:id", ["GET", "HEAD", "PUT", "DELETE"]);

  return app;
}

function sendError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type("application/json").send({ error: message });
}

const strictValidator = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: false });

async function main() {
  const host = process.env.HOST ?? "127.0.0.1";
  const port = Number(process.env.PORT ?? "8080");
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is required (sqlite:///absolute/path.db or postgresql://user@host:port/db)");

  const store = await openStore(databaseUrl, poolSizeFrom(process.env.DATABASE_POOL_SIZE));
  const app = buildApp(store);
  const shutdown = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  await app.listen({ host, port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
