import { isDeepStrictEqual } from "node:util";
import { JSON_HEADERS, type RequestSpec, type TargetClient, type TimedResponse } from "../http/client.js";
import { checkResponse, type ResponseExpectation } from "../contract/response-check.js";
import type { DirectDatabase, Task } from "../contract/task.js";

export interface CaseContext {
  client: TargetClient;
  database: DirectDatabase | undefined;
  /** A server crudbench did not start (`--url`): cases that need its database are skipped. */
  remote?: boolean;
}

/** One named conformance check. `reason` says why the contract demands it. */
export interface ConformanceCase {
  id: string;
  description: string;
  /** Why the case cannot run on a remote target (it writes behind the server's back); set only on such cases. */
  notRemote?: string;
  run(context: CaseContext): Promise<void>;
}

/** A contract violation; its message is what the report shows. */
export class CaseFailure extends Error {}

export function fail(message: string): never {
  throw new CaseFailure(message);
}

export async function send(context: CaseContext, spec: RequestSpec, expectation: ResponseExpectation, what = `${spec.method} ${spec.path}`): Promise<{ response: TimedResponse; json: unknown }> {
  const response = await context.client.send(spec);
  const checked = checkResponse(response, expectation);
  if (!checked.ok) fail(`${what}: ${checked.reason}`);
  return { response, json: checked.json };
}

export function jsonRequest(method: RequestSpec["method"], path: string, value: unknown): RequestSpec {
  return { method, path, body: JSON.stringify(value), headers: { ...JSON_HEADERS } };
}

export async function createTask(context: CaseContext, input: Record<string, unknown>): Promise<Task> {
  const { json } = await send(context, jsonRequest("POST", "/tasks", input), { status: 201, schema: "Task" });
  return json as Task;
}

export async function readTask(context: CaseContext, id: number): Promise<Task> {
  const { json } = await send(context, { method: "GET", path: `/tasks/${id}` }, { status: 200, schema: "Task" });
  return json as Task;
}

export async function expectNotFound(context: CaseContext, path: string): Promise<void> {
  await send(context, { method: "GET", path }, { status: 404, schema: "Error" });
}

/** Every task, read page by page through the API. */
export async function listAll(context: CaseContext): Promise<Task[]> {
  const all: Task[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { json } = await send(context, { method: "GET", path: `/tasks?limit=1000&offset=${offset}` }, { status: 200, schema: "TaskList" });
    const page = json as Task[];
    all.push(...page);
    if (page.length < 1000) return all;
    if (offset > 1_000_000) fail("listing never ends");
  }
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
