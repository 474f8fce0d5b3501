import { JSON_HEADERS } from "../http/client.js";
import type { Task } from "../contract/task.js";
import { OperationRecorder, WorkloadAborted, type Measured, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

export interface SingleOptions {
  iterations: number;
  warmup: number;
}

const sameId = (id: number) => (json: unknown) => ((json as Task).id === id ? undefined : `asked for task ${id}, got ${(json as Task).id}`);

/**
 * Single-request latency of create, read, update and delete: for each, `warmup` untimed
 * requests, then `iterations` timed sequential requests on one keep-alive connection, sent
 * as one planned batch per operation (the engine times each request; validation follows).
 * Creates make the tasks the later operations read, update and finally delete, so the
 * database ends empty.
 */
export async function runSingleWorkload(context: WorkloadContext, options: SingleOptions): Promise<OperationsSamples> {
  const total = options.warmup + options.iterations;
  const keepTimed = (recorder: OperationRecorder, results: (Measured | undefined)[], firstTimed: number) =>
    results.forEach((measured, index) => {
      if (measured && index >= firstTimed) recorder.record(measured);
    });
  const done = (operation: string) => context.onProgress(`single ${operation} ${total}/${total}`, true);

  const create = new OperationRecorder(context, "single create");
  const created = await create.batch(
    serialisedBodies(total, taskInput).map((body) => ({ method: "POST" as const, path: "/tasks", body, headers: JSON_HEADERS })),
    { status: 201, schema: "Task" },
  );
  keepTimed(create, created, options.warmup);
  const ids = created.flatMap((measured) => (measured ? [(measured.json as Task).id] : []));
  done("create");
  if (ids.length === 0) throw new WorkloadAborted("single create: no task was created, so nothing can be read, updated or deleted", "failed-workload");

  const targets = Array.from({ length: total }, (_, index) => ids[index % ids.length]!);
  const read = new OperationRecorder(context, "single read");
  keepTimed(read, await read.batch(targets.map((id) => ({ method: "GET" as const, path: `/tasks/${id}` })), { status: 200, schema: "Task" }, (json, index) => sameId(targets[index]!)(json)), options.warmup);
  done("read");

  const update = new OperationRecorder(context, "single update");
  const updateBodies = serialisedBodies(total, updatedTaskInput);
  keepTimed(
    update,
    await update.batch(targets.map((id, index) => ({ method: "PUT" as const, path: `/tasks/${id}`, body: updateBodies[index]!, headers: JSON_HEADERS })), { status: 200, schema: "Task" }, (json, index) => sameId(targets[index]!)(json)),
    options.warmup,
  );
  done("update");

  const remove = new OperationRecorder(context, "single delete");
  // Deletes the tasks created above, one each; warm-up deletes count as untimed.
  keepTimed(remove, await remove.batch(ids.map((id) => ({ method: "DELETE" as const, path: `/tasks/${id}` })), { status: 204, empty: true }), Math.max(0, ids.length - options.iterations));
  done("delete");

  return { create: create.samples(), read: read.samples(), update: update.samples(), delete: remove.samples() };
}
