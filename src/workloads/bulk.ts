import { JSON_HEADERS } from "../http/client.js";
import { HEALTH_PATH, type Task } from "../contract/task.js";
import type { CrudOperation } from "../results/types.js";
import { OperationRecorder, type Measured, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

/**
 * The report's "bulk" work on `size` tasks: `size` sequential creates, one list read of
 * `size`, `size` updates, `size` deletes — one planned batch per call, so a block can put
 * other targets' batches between them. A bulk operation's time is the sum of its requests'
 * latencies, so validation and memory sampling between requests never count. A batch with
 * any failed request is not timed; each failed request counts as an error. A repetition
 * (create, read, update, delete) starts and ends with an empty table — except on a server
 * crudbench did not start (`keepsTasks`: a remote target), whose table keeps the tasks it
 * already had: there the tasks are counted (untimed) before each create, and the read lists
 * from past them (`offset`), so it still returns exactly the tasks just created.
 */
export class BulkOperations {
  readonly recorders: Record<CrudOperation, OperationRecorder>;
  private ids: number[] = [];
  /** Tasks in the table before this repetition's creates (0 on a fresh database). */
  private offset = 0;
  private readonly createBodies: string[];
  private readonly updateBodies: string[];

  constructor(
    context: WorkloadContext,
    private readonly size: number,
    private readonly keepsTasks = false,
  ) {
    this.recorders = {
      create: new OperationRecorder(context, "bulk create"),
      read: new OperationRecorder(context, "bulk read"),
      update: new OperationRecorder(context, "bulk update"),
      delete: new OperationRecorder(context, "bulk delete"),
    };
    this.createBodies = serialisedBodies(size, taskInput);
    this.updateBodies = serialisedBodies(size, updatedTaskInput);
  }

  samples(): OperationsSamples {
    return { create: this.recorders.create.samples(), read: this.recorders.read.samples(), update: this.recorders.update.samples(), delete: this.recorders.delete.samples() };
  }

  async run(operation: CrudOperation, timed: boolean): Promise<void> {
    const recorder = this.recorders[operation];
    const ids = this.ids;
    let results: (Measured | undefined)[];
    switch (operation) {
      case "create":
        // One untimed request first: a server that closed the idle connection (gunicorn keeps
        // one 2 s) is reconnected outside the timed sum, as a single batch's re-warm does.
        if (timed) await recorder.batch([{ method: "GET", path: HEALTH_PATH }], { status: 200, schema: "Health" });
        if (this.keepsTasks) this.offset = await this.countTasks();
        results = await recorder.batch(
          this.createBodies.map((body) => ({ method: "POST" as const, path: "/tasks", body, headers: JSON_HEADERS })),
          { status: 201, schema: "Task" },
        );
        this.ids = results.flatMap((measured) => (measured ? [(measured.json as Task).id] : []));
        break;
      case "read":
        results = await recorder.batch([{ method: "GET", path: this.offset > 0 ? `/tasks?limit=${this.size}&offset=${this.offset}` : `/tasks?limit=${this.size}` }], { status: 200, schema: "TaskList" }, (json) => {
          const got = (json as Task[]).map((task) => task.id);
          return got.length === ids.length && got.every((id, i) => id === ids[i]) ? undefined : `expected the ${ids.length} tasks just created in id order, got ${got.length}`;
        });
        break;
      case "update":
        results = await recorder.batch(
          ids.map((id, index) => ({ method: "PUT" as const, path: `/tasks/${id}`, body: this.updateBodies[index]!, headers: JSON_HEADERS })),
          { status: 200, schema: "Task" },
          (json, index) => ((json as Task).id === ids[index] ? undefined : `asked for task ${ids[index]}, got ${(json as Task).id}`),
        );
        break;
      case "delete":
        results = await recorder.batch(ids.map((id) => ({ method: "DELETE" as const, path: `/tasks/${id}` })), { status: 204, empty: true });
        this.ids = [];
        break;
    }
    if (!timed || results.length === 0 || results.some((measured) => measured === undefined)) return;
    const measured = results as Measured[];
    recorder.record({ elapsedMs: measured.reduce((sum, m) => sum + m.elapsedMs, 0), reused: measured.every((m) => m.reused) });
  }

  /** Tasks in the table now, read page by page (untimed); a failed page counts as a read error and stops the count. */
  private async countTasks(): Promise<number> {
    const page = 1000;
    for (let offset = 0; ; offset += page) {
      const [measured] = await this.recorders.read.batch([{ method: "GET", path: `/tasks?limit=${page}&offset=${offset}` }], { status: 200, schema: "TaskList" });
      if (!measured) return offset;
      const got = (measured.json as Task[]).length;
      if (got < page) return offset + got;
    }
  }
}
