import type { RequestSpec } from "../../http/client.js";
import type { ResponseExpectation } from "../../contract/response-check.js";
import { parseServerTiming, serverTimingProblem } from "../../contract/server-timing.js";
import type { Task } from "../../contract/task.js";
import { fail, jsonRequest, send, type CaseContext, type ConformanceCase } from "../case.js";

/** Sends a request that touches the database and checks its Server-Timing (spec/README.md). */
async function timed(context: CaseContext, spec: RequestSpec, expectation: ResponseExpectation): Promise<unknown> {
  const { response, json } = await send(context, spec, expectation);
  const parsed = parseServerTiming(response.headers);
  if (!parsed.ok) fail(`${spec.method} ${spec.path}: ${parsed.problem}`);
  const problem = serverTimingProblem(parsed.timing);
  if (problem) fail(`${spec.method} ${spec.path}: ${problem}`);
  return json;
}

const operation = (id: string, what: string, run: (context: CaseContext, task: Task) => Promise<unknown>): ConformanceCase => ({
  id: `server-timing-${id}`,
  description: `${what} carries Server-Timing: db;dur=…, app;dur=… with 0 < db ≤ app`,
  run: async (context) => {
    const task = (await send(context, jsonRequest("POST", "/tasks", { title: `server timing ${id}` }), { status: 201, schema: "Task" })).json as Task;
    await run(context, task);
  },
});

/** The header the report's latency anatomy reads, on each operation it splits. */
export const serverTimingCases: ConformanceCase[] = [
  operation("create", "POST /tasks", (context) => timed(context, jsonRequest("POST", "/tasks", { title: "timed create" }), { status: 201, schema: "Task" })),
  operation("read", "GET /tasks/{id}", (context, task) => timed(context, { method: "GET", path: `/tasks/${task.id}` }, { status: 200, schema: "Task" })),
  operation("list", "GET /tasks", (context) => timed(context, { method: "GET", path: "/tasks?limit=10" }, { status: 200, schema: "TaskList" })),
  operation("update", "PUT /tasks/{id}", (context, task) => timed(context, jsonRequest("PUT", `/tasks/${task.id}`, { title: "timed update", completed: true }), { status: 200, schema: "Task" })),
  operation("delete", "DELETE /tasks/{id}", (context, task) => timed(context, { method: "DELETE", path: `/tasks/${task.id}` }, { status: 204, empty: true })),
];
