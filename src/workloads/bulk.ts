import { JSON_HEADERS } from "../http/client.js";
import type { Task } from "../contract/task.js";
import type { CrudOperation } from "../results/types.js";
import { OperationRecorder, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

export interface BulkOptions {
  size: number;
  repeats: number;
  warmup: number;
}

/**
 * The report's "bulk" work on `size` tasks: `size` sequential creates, one list read of
 * `size`, `size` updates, `size` deletes. A bulk operation's time is the sum of its
 * requests' latencies, so validation and memory sampling between requests never count.
 * A batch with any failed request is not timed; each failed request counts as an error.
 * Each repetition starts and ends with an empty table.
 */
export async function runBulkWorkload(context: WorkloadContext, options: BulkOptions): Promise<OperationsSamples> {
  const recorders = {
    create: new OperationRecorder(context, "bulk create"),
    read: new OperationRecorder(context, "bulk read"),
    update: new OperationRecorder(context, "bulk update"),
    delete: new OperationRecorder(context, "bulk delete"),
  } satisfies Record<CrudOperation, OperationRecorder>;
  const createBodies = serialisedBodies(options.size, taskInput);
  const updateBodies = serialisedBodies(options.size, updatedTaskInput);
  const repetitions = options.warmup + options.repeats;

  for (let repetition = 0; repetition < repetitions; repetition++) {
    const timed = repetition >= options.warmup;
    const keep = (operation: CrudOperation, totalMs: number | undefined) => {
      if (timed && totalMs !== undefined) recorders[operation].record(totalMs);
    };

    const ids: number[] = [];
    keep(
      "create",
      await batch(recorders.create, options.size, async (index) => {
        const measured = await recorders.create.request({ method: "POST", path: "/tasks", body: createBodies[index]!, headers: JSON_HEADERS }, { status: 201, schema: "Task" });
        if (measured) ids.push((measured.json as Task).id);
        return measured?.elapsedMs;
      }),
    );

    const listed = await recorders.read.request({ method: "GET", path: `/tasks?limit=${options.size}` }, { status: 200, schema: "TaskList" }, (json) => {
      const got = (json as Task[]).map((task) => task.id);
      return got.length === ids.length && got.every((id, i) => id === ids[i]) ? undefined : `expected the ${ids.length} tasks just created in id order, got ${got.length}`;
    });
    keep("read", listed?.elapsedMs);

    keep(
      "update",
      await batch(recorders.update, ids.length, async (index) => {
        const id = ids[index]!;
        const measured = await recorders.update.request({ method: "PUT", path: `/tasks/${id}`, body: updateBodies[index]!, headers: JSON_HEADERS }, { status: 200, schema: "Task" }, (json) =>
          (json as Task).id === id ? undefined : `asked for task ${id}, got ${(json as Task).id}`,
        );
        return measured?.elapsedMs;
      }),
    );

    keep(
      "delete",
      await batch(recorders.delete, ids.length, async (index) => (await recorders.delete.request({ method: "DELETE", path: `/tasks/${ids[index]!}` }, { status: 204, empty: true }))?.elapsedMs),
    );
    context.onProgress(`bulk ×${options.size} repetition ${repetition + 1}/${repetitions}${timed ? "" : " (warm-up)"}`, repetition === repetitions - 1);
  }

  return { create: recorders.create.samples(), read: recorders.read.samples(), update: recorders.update.samples(), delete: recorders.delete.samples() };
}

/** Runs `count` requests in sequence; the batch time, or undefined when any failed. */
async function batch(recorder: OperationRecorder, count: number, send: (index: number) => Promise<number | undefined>): Promise<number | undefined> {
  let totalMs = 0;
  let failed = false;
  for (let index = 0; index < count; index++) {
    const elapsed = await send(index);
    if (elapsed === undefined) failed = true;
    else totalMs += elapsed;
  }
  return failed ? undefined : totalMs;
}
