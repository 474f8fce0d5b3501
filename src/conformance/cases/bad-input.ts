import { JSON_HEADERS, type RequestSpec } from "../../http/client.js";
import { createTask, expectEqual, expectNotFound, jsonRequest, listAll, readTask, send, type CaseContext, type ConformanceCase } from "../case.js";

const MAX_BODY_BYTES = 65536;
/** spec/README.md ("Listing"): 2^53−1, exact in every JSON parser. */
const MAX_OFFSET = 9007199254740991n;

function raw(method: RequestSpec["method"], path: string, body: string, contentType = "application/json"): RequestSpec {
  return { method, path, body, headers: { "content-type": contentType } };
}

/** Sends each request, expects the status with a JSON error body, and checks nothing changed. */
async function expectRejected(context: CaseContext, requests: RequestSpec[], status: number): Promise<void> {
  const before = await listAll(context);
  for (const request of requests) {
    const shown = typeof request.body === "string" && request.body.length < 80 ? ` ${request.body}` : "";
    await send(context, request, { status, schema: "Error" }, `${request.method} ${request.path}${shown}`);
  }
  expectEqual(await listAll(context), before, "tasks after rejected requests (a rejected request must change nothing)");
}

/** The same bad bodies must fail on create and on update of an existing task. */
function onCreateAndUpdate(id: string, description: string, bodies: unknown[], status = 400): ConformanceCase[] {
  return [
    {
      id: `create-${id}`,
      description: `POST with ${description} → ${status}`,
      run: (context) => expectRejected(context, bodies.map((body) => jsonRequest("POST", "/tasks", body)), status),
    },
    {
      id: `update-${id}`,
      description: `PUT with ${description} → ${status}, task unchanged`,
      run: async (context) => {
        const task = await createTask(context, { title: "target of a bad update", description: "unchanged" });
        await expectRejected(context, bodies.map((body) => jsonRequest("PUT", `/tasks/${task.id}`, body)), status);
        expectEqual(await readTask(context, task.id), task, "task after rejected updates");
      },
    },
  ];
}

export const badInputCases: ConformanceCase[] = [
  {
    id: "create-malformed-json",
    description: "a body that is not valid JSON → 400",
    run: (context) => expectRejected(context, [raw("POST", "/tasks", "{\"title\": "), raw("POST", "/tasks", "{title: 'x'}")], 400),
  },
  {
    id: "update-malformed-json",
    description: "PUT with a body that is not valid JSON → 400",
    run: async (context) => {
      const task = await createTask(context, { title: "malformed update" });
      await expectRejected(context, [raw("PUT", `/tasks/${task.id}`, "{\"title\": ")], 400);
    },
  },
  {
    id: "create-non-object-json",
    description: "JSON that is not an object (array, string, number, null) → 400",
    run: (context) => expectRejected(context, ["[]", "[{\"title\":\"x\"}]", "\"title\"", "42", "null"].map((body) => raw("POST", "/tasks", body)), 400),
  },
  ...onCreateAndUpdate("missing-title", "no title", [{}, { description: "no title" }]),
  ...onCreateAndUpdate("empty-title", "an empty title", [{ title: "" }]),
  ...onCreateAndUpdate("title-too-long", "a 201-character title", [{ title: "t".repeat(201) }]),
  ...onCreateAndUpdate("nul-character", "a NUL character (U+0000) in title or description", [{ title: "a\u0000b" }, { title: "x", description: "\u0000" }]),
  {
    id: "create-unpaired-surrogate",
    description: "a title or description with an unpaired surrogate escape (\\ud800) → 400",
    run: (context) => expectRejected(context, ['{"title":"a\\ud800b"}', '{"title":"x","description":"\\udfff"}'].map((body) => raw("POST", "/tasks", body)), 400),
  },
  {
    id: "create-description-too-long",
    description: "a 2001-character description → 400",
    run: (context) => expectRejected(context, [jsonRequest("POST", "/tasks", { title: "x", description: "d".repeat(2001) })], 400),
  },
  ...onCreateAndUpdate("wrong-types", "wrong types (number title, string/number completed, null fields)", [
    { title: 123 },
    { title: "x", completed: "true" },
    { title: "x", completed: 1 },
    { title: "x", description: 5 },
    { title: null },
    { title: "x", description: null },
    { title: "x", completed: null },
    { title: ["x"] },
  ]),
  {
    id: "limits-count-code-points",
    description: "a title of 200 emoji (400 UTF-16 units) is accepted; 201 emoji are not",
    run: async (context) => {
      const title = "😀".repeat(200);
      expectEqual((await createTask(context, { title })).title, title, "200-emoji title");
      await expectRejected(context, [jsonRequest("POST", "/tasks", { title: "😀".repeat(201) })], 400);
    },
  },
  {
    id: "create-body-too-large",
    description: `a body over ${MAX_BODY_BYTES} bytes → 413`,
    run: (context) => expectRejected(context, [jsonRequest("POST", "/tasks", { title: "big", padding: "p".repeat(MAX_BODY_BYTES + 1) })], 413),
  },
  {
    id: "create-wrong-content-type",
    description: "a POST body sent as text/plain → 415",
    run: (context) => expectRejected(context, [raw("POST", "/tasks", JSON.stringify({ title: "x" }), "text/plain")], 415),
  },
  {
    id: "update-wrong-content-type",
    description: "a PUT body sent as text/plain → 415",
    run: async (context) => {
      const task = await createTask(context, { title: "content type" });
      await expectRejected(context, [raw("PUT", `/tasks/${task.id}`, JSON.stringify({ title: "y" }), "text/plain")], 415);
    },
  },
  {
    id: "list-limit-not-integer",
    description: "limit=abc, 1.5 or empty → 400",
    run: (context) => expectRejected(context, ["abc", "1.5", ""].map((limit) => ({ method: "GET", path: `/tasks?limit=${limit}` })), 400),
  },
  {
    id: "list-limit-out-of-range",
    description: "limit=0, 1001 or -1 → 400",
    run: (context) => expectRejected(context, ["0", "1001", "-1"].map((limit) => ({ method: "GET", path: `/tasks?limit=${limit}` })), 400),
  },
  {
    id: "list-offset-invalid",
    description: "offset=-1 or abc → 400",
    run: (context) => expectRejected(context, ["-1", "abc"].map((offset) => ({ method: "GET", path: `/tasks?offset=${offset}` })), 400),
  },
  {
    id: "list-offset-bound",
    description: `offset=${MAX_OFFSET} (2^53−1) is the largest accepted (200, empty); ${MAX_OFFSET + 1n} and 2^63−2 → 400`,
    run: async (context) => {
      const { json } = await send(context, { method: "GET", path: `/tasks?offset=${MAX_OFFSET}` }, { status: 200, schema: "TaskList" });
      expectEqual(json, [], `offset=${MAX_OFFSET}`);
      await expectRejected(context, [MAX_OFFSET + 1n, 9223372036854775806n].map((offset) => ({ method: "GET", path: `/tasks?limit=100&offset=${offset}` })), 400);
    },
  },
  {
    id: "read-unknown-id",
    description: "GET of an id that was never created → 404",
    run: (context) => expectNotFound(context, "/tasks/9223372036854775807"),
  },
  {
    id: "invalid-ids-are-not-found",
    description: "ids abc, 0, -1, 1.5 and 99999999999999999999 (beyond 64-bit) → 404, never 400/500",
    run: async (context) => {
      for (const id of ["abc", "0", "-1", "1.5", "99999999999999999999"]) await expectNotFound(context, `/tasks/${id}`);
    },
  },
  {
    id: "update-unknown-id",
    description: "PUT of an unknown or invalid id → 404, nothing created",
    run: (context) =>
      expectRejected(context, ["9223372036854775807", "abc", "-1"].map((id) => jsonRequest("PUT", `/tasks/${id}`, { title: "ghost" })), 404),
  },
  {
    id: "delete-unknown-id",
    description: "DELETE of an unknown or invalid id → 404",
    run: (context) => expectRejected(context, ["9223372036854775807", "abc", "0"].map((id) => ({ method: "DELETE", path: `/tasks/${id}` })), 404),
  },
  {
    id: "unknown-route",
    description: "an unknown route → 404 with a JSON error",
    run: async (context) => {
      await expectNotFound(context, "/nope");
      await expectNotFound(context, "/tasks/1/comments");
    },
  },
  {
    id: "json-content-type-with-charset",
    description: "Content-Type: application/json; charset=utf-8 is accepted",
    run: async (context) => {
      await send(context, raw("POST", "/tasks", JSON.stringify({ title: "charset" }), `${JSON_HEADERS["content-type"]}; charset=utf-8`), { status: 201, schema: "Task" });
    },
  },
];
