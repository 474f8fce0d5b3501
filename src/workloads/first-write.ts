import { performance } from "node:perf_hooks";
import { checkResponse } from "../contract/response-check.js";
import type { Task } from "../contract/task.js";
import { JSON_HEADERS, TargetClient } from "../http/client.js";
import { serialisedBodies, taskInput } from "./payloads.js";

/**
 * The second mark of a cold start: the first `POST /tasks` a freshly started target answers,
 * sent as soon as it is ready, on a new connection. It pays for what a framework or ORM sets
 * up lazily (a pool's first connection, prepared statements, mapper configuration). Returns
 * the ms from `spawnedAt` to the answer; the answer is validated after the clock stops, and
 * the task is deleted again (untimed) so the session's table starts empty. Throws when the
 * target does not serve it.
 */
export async function firstWrite(baseUrl: string, spawnedAt: number, timeoutMs: number): Promise<number> {
  const client = new TargetClient(baseUrl, timeoutMs);
  try {
    const response = await client.send({ method: "POST", path: "/tasks", body: serialisedBodies(1, taskInput)[0]!, headers: JSON_HEADERS });
    const answeredMs = performance.now() - spawnedAt;
    const created = checkResponse(response, { status: 201, schema: "Task" });
    if (!created.ok) throw new Error(`the first POST /tasks after start: ${created.reason}`);
    const id = (created.json as Task).id;
    const deleted = checkResponse(await client.send({ method: "DELETE", path: `/tasks/${id}` }), { status: 204, empty: true });
    if (!deleted.ok) throw new Error(`deleting the task of the first POST /tasks: ${deleted.reason}`);
    return answeredMs;
  } finally {
    await client.close();
  }
}
