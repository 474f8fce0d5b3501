import { JSON_HEADERS } from "../http/client.js";
import type { Task } from "../contract/task.js";
import type { CrudOperation } from "../results/types.js";
import { OperationRecorder, type Measured, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
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
    // A bulk operation is one planned batch; its time is the sum of its requests', and a
    // batch with any failed request is not timed (each failure is counted).
    const keep = (operation: CrudOperation, results: (Measured | undefined)[]) => {
      if (!timed || results.length === 0 || results.some((measured) => measured === undefined)) return;
      const measured = results as Measured[];
      recorders[operation].record({ elapsedMs: measured.reduce((sum, m) => sum + m.elapsedMs, 0), reused: measured.every((m) => m.reused) });
    };

    const created = await recorders.create.batch(
      createBodies.map((body) => ({ method: "POST" as const, path: "/tasks", body, headers: JSON_HEADERS })),
      { status: 201, schema: "Task" },
    );
    keep("create", created);
    const ids = created.flatMap((measured) => (measured ? [(measured.json as Task).id] : []));

    const listed = await recorders.read.batch([{ method: "GET", path: `/tasks?limit=${options.size}` }], { status: 200, schema: "TaskList" }, (json) => {
      const got = (json as Task[]).map((task) => task.id);
      return got.length === ids.length && got.every((id, i) => id === ids[i]) ? undefined : `expected the ${ids.length} tasks just created in id order, got ${got.length}`;
    });
    keep("read", listed);

    keep(
      "update",
      await recorders.update.batch(
        ids.map((id, index) => ({ method: "PUT" as const, path: `/tasks/${id}`, body: updateBodies[index]!, headers: JSON_HEADERS })),
        { status: 200, schema: "Task" },
        (json, index) => ((json as Task).id === ids[index] ? undefined : `asked for task ${ids[index]}, got ${(json as Task).id}`),
      ),
    );

    keep("delete", await recorders.delete.batch(ids.map((id) => ({ method: "DELETE" as const, path: `/tasks/${id}` })), { status: 204, empty: true }));
    context.onProgress(`bulk ×${options.size} repetition ${repetition + 1}/${repetitions}${timed ? "" : " (warm-up)"}`, repetition === repetitions - 1);
  }

  return { create: recorders.create.samples(), read: recorders.read.samples(), update: recorders.update.samples(), delete: recorders.delete.samples() };
}
