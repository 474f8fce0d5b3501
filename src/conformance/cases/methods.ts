import { headerValue, type RequestSpec } from "../../http/client.js";
import { parseAllow, servedMethods } from "../../contract/methods.js";
import { checkResponse } from "../../contract/response-check.js";
import { createTask, expectEqual, fail, jsonRequest, listAll, send, type CaseContext, type ConformanceCase } from "../case.js";

/** A path to request and the path of spec/openapi.yaml it falls under. */
interface KnownPath {
  path: string;
  template: string;
}

async function knownPaths(context: CaseContext): Promise<KnownPath[]> {
  const task = await createTask(context, { title: "methods" });
  return [
    { path: "/health", template: "/health" },
    { path: "/tasks", template: "/tasks" },
    { path: `/tasks/${task.id}`, template: "/tasks/{id}" },
    // A segment that names no task is still the route: its method rules apply before the id's.
    { path: "/tasks/abc", template: "/tasks/{id}" },
  ];
}

/** 405 with the Error body and `Allow` listing exactly what the path serves (any order). */
async function expectMethodNotAllowed(context: CaseContext, request: RequestSpec, template: string): Promise<void> {
  const what = `${request.method} ${request.path}`;
  const { response } = await send(context, request, { status: 405, schema: "Error" }, what);
  checkAllow(what, headerValue(response.headers, "allow"), template);
}

function checkAllow(what: string, allow: string | undefined, template: string): void {
  if (allow === undefined) fail(`${what}: 405 without an Allow header (RFC 9110 requires one)`);
  const expected = [...servedMethods(template)].sort();
  expectEqual([...new Set(parseAllow(allow))].sort(), expected, `${what}: Allow "${allow}"`);
}

/** Sends every method to every known path that does not serve it; nothing may change. */
async function expectEveryUnservedMethodRejected(context: CaseContext, methods: RequestSpec["method"][]): Promise<void> {
  const paths = await knownPaths(context);
  const before = await listAll(context);
  for (const { path, template } of paths) {
    for (const method of methods.filter((m) => !servedMethods(template).has(m))) {
      await expectMethodNotAllowed(context, { method, path }, template);
    }
  }
  expectEqual(await listAll(context), before, "tasks after rejected methods (a rejected request must change nothing)");
}

export const methodCases: ConformanceCase[] = [
  {
    id: "wrong-method",
    description: "a known route with a method it does not serve (PATCH, POST or PUT on /tasks/{id}, also on an invalid id; PUT, PATCH or DELETE on /tasks; POST, PUT or DELETE on /health) → 405 with a JSON error, nothing changed",
    run: async (context) => {
      const task = await createTask(context, { title: "method" });
      const before = await listAll(context);
      const requests: RequestSpec[] = [
        jsonRequest("PATCH", `/tasks/${task.id}`, { title: "p" }),
        jsonRequest("POST", `/tasks/${task.id}`, { title: "p" }),
        jsonRequest("PATCH", "/tasks/abc", { title: "p" }),
        jsonRequest("PUT", "/tasks", { title: "p" }),
        jsonRequest("PATCH", "/tasks", { title: "p" }),
        { method: "DELETE", path: "/tasks" },
        jsonRequest("POST", "/health", {}),
        jsonRequest("PUT", "/health", {}),
        { method: "DELETE", path: "/health" },
      ];
      for (const request of requests) await send(context, request, { status: 405, schema: "Error" }, `${request.method} ${request.path}`);
      expectEqual(await listAll(context), before, "tasks after rejected methods (a rejected request must change nothing)");
    },
  },
  {
    id: "method-not-allowed-has-allow",
    description: "every 405 carries Allow with exactly the methods the path serves (RFC 9110): GET, HEAD on /health; GET, HEAD, POST on /tasks; GET, HEAD, PUT, DELETE on /tasks/{id}",
    run: (context) => expectEveryUnservedMethodRejected(context, ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]),
  },
  {
    id: "trace-and-options-not-served",
    description: "TRACE and OPTIONS on every known route → 405 with Allow and a JSON error (no request echo, no CORS answer)",
    run: (context) => expectEveryUnservedMethodRejected(context, ["TRACE", "OPTIONS"]),
  },
  {
    id: "extension-methods-not-served",
    description: "PROPFIND (WebDAV) and QUERY on every known route → 405 with Allow and a JSON error",
    run: (context) => expectEveryUnservedMethodRejected(context, ["PROPFIND", "QUERY"]),
  },
  {
    id: "wrong-method-before-body",
    description: "PATCH /tasks/{id} with a text/plain or a malformed JSON body → 405, not 415/400: the method alone decides",
    run: async (context) => {
      const task = await createTask(context, { title: "method before body" });
      const path = `/tasks/${task.id}`;
      const bodies: [string, string][] = [
        ["text/plain", "title=x"],
        ["application/json", "{\"title\": "],
      ];
      for (const [contentType, body] of bodies) {
        await expectMethodNotAllowed(context, { method: "PATCH", path, body, headers: { "content-type": contentType } }, "/tasks/{id}");
      }
    },
  },
  {
    id: "unknown-method",
    description: "a method token no server knows (FROB /tasks) → 405 with Allow, or 501 from an HTTP parser that knows only a fixed list of methods; a JSON error either way",
    run: async (context) => {
      const response = await context.client.send({ method: "FROB", path: "/tasks" });
      const status = response.status === 501 ? 501 : 405;
      const checked = checkResponse(response, { status, schema: "Error" });
      if (!checked.ok) fail(`FROB /tasks: ${checked.reason}`);
      if (status === 405) checkAllow("FROB /tasks", headerValue(response.headers, "allow"), "/tasks");
    },
  },
];
