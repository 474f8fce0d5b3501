import { JSON_HEADERS } from "../http/client.js";
import type { Task } from "../contract/task.js";
import type { CrudOperation } from "../results/types.js";
import type { BatchLayout } from "./batch-layout.js";
import { OperationRecorder, WorkloadAborted, type OperationsSamples, type WorkloadContext } from "./operation-recorder.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

const sameId = (id: number) => (json: unknown) => ((json as Task).id === id ? undefined : `asked for task ${id}, got ${(json as Task).id}`);

/**
 * Single-request latency of create, read, update and delete, one planned batch per call, so
 * a block can put other targets' batches between a target's operations. Each request is
 * sequential on one keep-alive connection; the engine times it and validation follows.
 * Creates make the tasks the later operations read, update and finally delete, so the table
 * ends each create…delete cycle as it began. The recorders keep every timed sample of the
 * session; a caller learns one batch's share by counting before and after.
 */
export class SingleOperations {
  readonly recorders: Record<CrudOperation, OperationRecorder>;
  private ids: number[] = [];

  constructor(context: WorkloadContext) {
    this.recorders = {
      create: new OperationRecorder(context, "single create"),
      read: new OperationRecorder(context, "single read"),
      update: new OperationRecorder(context, "single update"),
      delete: new OperationRecorder(context, "single delete"),
    };
  }

  run(operation: CrudOperation, layout: BatchLayout): Promise<void> {
    switch (operation) {
      case "create":
        return this.create(layout);
      case "read":
        return this.read(layout);
      case "update":
        return this.update(layout);
      case "delete":
        return this.delete(layout);
    }
  }

  samples(): OperationsSamples {
    return { create: this.recorders.create.samples(), read: this.recorders.read.samples(), update: this.recorders.update.samples(), delete: this.recorders.delete.samples() };
  }

  private async create(layout: BatchLayout): Promise<void> {
    const recorder = this.recorders.create;
    const created = await recorder.batch(
      serialisedBodies(layout.length, taskInput).map((body) => ({ method: "POST" as const, path: "/tasks", body, headers: JSON_HEADERS })),
      { status: 201, schema: "Task" },
    );
    recorder.recordTimed(created, layout);
    this.ids = created.flatMap((measured) => (measured ? [(measured.json as Task).id] : []));
    if (this.ids.length === 0) throw new WorkloadAborted("single create: no task was created, so nothing can be read, updated or deleted", "failed-workload");
  }

  /** The created tasks, cycled to the batch's length. */
  private targets(layout: BatchLayout): number[] {
    if (this.ids.length === 0) throw new Error("single read, update and delete need a create first");
    return Array.from({ length: layout.length }, (_, index) => this.ids[index % this.ids.length]!);
  }

  private async read(layout: BatchLayout): Promise<void> {
    const targets = this.targets(layout);
    const recorder = this.recorders.read;
    const read = await recorder.batch(targets.map((id) => ({ method: "GET" as const, path: `/tasks/${id}` })), { status: 200, schema: "Task" }, (json, index) => sameId(targets[index]!)(json));
    recorder.recordTimed(read, layout);
  }

  private async update(layout: BatchLayout): Promise<void> {
    const targets = this.targets(layout);
    const recorder = this.recorders.update;
    const bodies = serialisedBodies(targets.length, updatedTaskInput);
    const updated = await recorder.batch(
      targets.map((id, index) => ({ method: "PUT" as const, path: `/tasks/${id}`, body: bodies[index]!, headers: JSON_HEADERS })),
      { status: 200, schema: "Task" },
      (json, index) => sameId(targets[index]!)(json),
    );
    recorder.recordTimed(updated, layout);
  }

  /**
   * Deletes every task the last create made, once each, timed as the layout says; when a
   * create failed in part there are fewer tasks, and the layout's end is used.
   */
  private async delete(layout: BatchLayout): Promise<void> {
    const ids = this.ids;
    if (ids.length === 0) throw new Error("single delete needs a create first");
    this.ids = [];
    const recorder = this.recorders.delete;
    const deleted = await recorder.batch(ids.map((id) => ({ method: "DELETE" as const, path: `/tasks/${id}` })), { status: 204, empty: true });
    recorder.recordTimed(deleted, layout.slice(Math.max(0, layout.length - ids.length)));
  }
}
