import { JSON_HEADERS } from "../http/client.js";
import type { Task } from "../contract/task.js";
import { OperationRecorder, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

export interface SingleOptions {
  iterations: number;
  warmup: number;
}

const sameId = (id: number) => (json: unknown) => ((json as Task).id === id ? undefined : `asked for task ${id}, got ${(json as Task).id}`);

/**
 * Single-request latency of create, read, update and delete: for each, `warmup` untimed
 * requests, then `iterations` timed sequential requests on one keep-alive connection.
 * Creates make the tasks the later operations read, update and finally delete, so the
 * database ends empty.
 */
export async function runSingleWorkload(context: WorkloadContext, options: SingleOptions): Promise<OperationsSamples> {
  const total = options.warmup + options.iterations;
  const isTimed = (index: number) => index >= options.warmup;
  const progress = (operation: string, index: number) => {
    if (index % 25 === 0 || index === total - 1) context.onProgress(`single ${operation} ${index + 1}/${total}`, index === total - 1);
  };

  const create = new OperationRecorder(context, "single create");
  const createBodies = serialisedBodies(total, taskInput);
  const ids: number[] = [];
  for (let index = 0; index < total; index++) {
    const measured = await create.request({ method: "POST", path: "/tasks", body: createBodies[index]!, headers: JSON_HEADERS }, { status: 201, schema: "Task" });
    if (measured) {
      ids.push((measured.json as Task).id);
      if (isTimed(index)) create.record(measured.elapsedMs);
    }
    progress("create", index);
  }

  const read = new OperationRecorder(context, "single read");
  for (let index = 0; index < total; index++) {
    const id = ids[index % ids.length]!;
    const measured = await read.request({ method: "GET", path: `/tasks/${id}` }, { status: 200, schema: "Task" }, sameId(id));
    if (measured && isTimed(index)) read.record(measured.elapsedMs);
    progress("read", index);
  }

  const update = new OperationRecorder(context, "single update");
  const updateBodies = serialisedBodies(total, updatedTaskInput);
  for (let index = 0; index < total; index++) {
    const id = ids[index % ids.length]!;
    const measured = await update.request(
      { method: "PUT", path: `/tasks/${id}`, body: updateBodies[index]!, headers: JSON_HEADERS },
      { status: 200, schema: "Task" },
      sameId(id),
    );
    if (measured && isTimed(index)) update.record(measured.elapsedMs);
    progress("update", index);
  }

  const remove = new OperationRecorder(context, "single delete");
  // Deletes the tasks created above, one each; warm-up deletes count as untimed.
  const deleteWarmup = Math.max(0, ids.length - options.iterations);
  for (const [index, id] of ids.entries()) {
    const measured = await remove.request({ method: "DELETE", path: `/tasks/${id}` }, { status: 204, empty: true });
    if (measured && index >= deleteWarmup) remove.record(measured.elapsedMs);
    progress("delete", index);
  }

  return { create: create.samples(), read: read.samples(), update: update.samples(), delete: remove.samples() };
}
