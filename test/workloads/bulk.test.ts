import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JSON_HEADERS, TargetClient } from "../../src/http/client.js";
import { BulkOperations } from "../../src/workloads/bulk.js";
import type { OperationsSamples, WorkloadContext } from "../../src/workloads/operation-recorder.js";
import { FakeTaskApi } from "../support/fake-task-api.js";
import { fakeWorkloadContext, type SentRequest, type TestWorkloadContext } from "../support/workload-context.js";

/** Bulk times are sums over many requests: their Server-Timing parts are not kept. */
const NO_TIMING = { dbMs: [], appMs: [], observedMs: [] };

const options = { size: 5, repeats: 2, warmup: 1 };
/** Requests of one repetition: 5 creates, 1 list, 5 updates, 5 deletes. */
const PER_REPETITION = 16;

/** Untimed then timed repetitions, as the warm-up and the blocks of a session run them. */
async function runBulkWorkload(context: WorkloadContext, size: { size: number; repeats: number; warmup: number }): Promise<OperationsSamples> {
  const bulk = new BulkOperations(context, size.size);
  for (let repetition = 0; repetition < size.warmup + size.repeats; repetition++) {
    for (const operation of ["create", "read", "update", "delete"] as const) await bulk.run(operation, repetition >= size.warmup);
  }
  return bulk.samples();
}

let fake: FakeTaskApi;
let context: TestWorkloadContext;

beforeEach(async () => {
  fake = await FakeTaskApi.start();
  context = fakeWorkloadContext(fake);
});

afterEach(async () => {
  await context.client.close();
  await fake.close();
});

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** What the workload sent, without the untimed GET /health before each timed repetition. */
const workOf = (sent: SentRequest[]) => sent.filter((request) => request.path !== "/health");

/** The latencies of the timed repetitions' requests of one method, one array per repetition. */
function timedBatches(sent: SentRequest[], method: string): number[][] {
  return [1, 2].map((repetition) =>
    workOf(sent)
      .slice(repetition * PER_REPETITION, (repetition + 1) * PER_REPETITION)
      .filter((request) => request.method === method)
      .map((request) => request.elapsedMs),
  );
}

describe("BulkOperations", () => {
  it("times each operation as the sum of its requests' latencies, for the timed repetitions only", async () => {
    const samples = await runBulkWorkload(context, options);
    const sent = context.client.sent;
    expect(workOf(sent)).toHaveLength(3 * PER_REPETITION);
    for (const [operation, method] of [["create", "POST"], ["read", "GET"], ["update", "PUT"], ["delete", "DELETE"]] as const) {
      expect(samples[operation]).toEqual({ timesMs: timedBatches(sent, method).map(sum), serverTiming: NO_TIMING, errors: 0, examples: [], freshConnections: 0 });
    }
    expect(timedBatches(sent, "POST").map((batch) => batch.length)).toEqual([5, 5]);
    expect(fake.tasks()).toEqual([]);
  });

  it("works on the tasks each repetition created, starting and ending empty", async () => {
    await runBulkWorkload(context, options);
    const lastRepetition = context.client.sent.slice(2 * PER_REPETITION + 1).map((request) => `${request.method} ${request.path}`);
    const ids = [11, 12, 13, 14, 15];
    expect(lastRepetition).toEqual([
      "GET /health",
      ...ids.map(() => "POST /tasks"),
      "GET /tasks?limit=5",
      ...ids.map((id) => `PUT /tasks/${id}`),
      ...ids.map((id) => `DELETE /tasks/${id}`),
    ]);
  });

  it("sends each bulk operation as one planned batch, the sampling gate held around it and nothing else", async () => {
    await runBulkWorkload(context, options);
    const repetition = [5, 1, 5, 5].map((size) => ({ size, gateHeld: true }));
    // A timed repetition opens with one untimed GET /health (an idle connection reconnects outside the sum).
    const health = { size: 1, gateHeld: true };
    expect(context.client.batches).toEqual([...repetition, health, ...repetition, health, ...repetition]);
    expect(context.sampler.events).toEqual(Array(3 * 4 + 2).fill(["hold", "release"]).flat());
  });

  it("does not time a batch with a failed request, and counts the error", async () => {
    // The third update of the first timed repetition fails; the other batches are whole.
    fake.inject({ kind: "answer", method: "PUT", skip: 7, times: 1 });
    const samples = await runBulkWorkload(context, options);
    const [first, second] = timedBatches(context.client.sent, "PUT");
    expect(first).toHaveLength(5);
    expect(samples.update).toEqual({ timesMs: [sum(second!)], serverTiming: NO_TIMING, errors: 1, examples: [expect.stringMatching(/^PUT \/tasks\/8: expected status 200, got 500/)], freshConnections: 0 });
    expect(samples.create).toMatchObject({ errors: 0 });
    expect(samples.create.timesMs).toHaveLength(2);
    expect(samples.delete.timesMs).toHaveLength(2);
  });

  it("counts a list that misses the tasks just created as a read error", async () => {
    fake.inject({ kind: "answer", status: 200, body: "[]", method: "GET", path: /^\/tasks\?/, skip: 2, times: 1 });
    const samples = await runBulkWorkload(context, options);
    expect(samples.read).toEqual({ timesMs: [timedBatches(context.client.sent, "GET")[0]![0]], serverTiming: NO_TIMING, errors: 1, examples: ["GET /tasks?limit=5: expected the 5 tasks just created in id order, got 0"], freshConnections: 0 });
  });

  it("aborts as crashed when the target exits mid-run", async () => {
    fake.inject({ kind: "crash", method: "PUT", skip: 3 });
    await expect(runBulkWorkload(context, options)).rejects.toMatchObject({ kind: "crashed", message: "target exited during bulk update" });
  });
});

/** Tasks already on the server, created outside the workload (as a remote target's earlier data). */
async function keepTasks(count: number): Promise<void> {
  const client = new TargetClient(fake.baseUrl, 2_000);
  for (let i = 0; i < count; i++) await client.send({ method: "POST", path: "/tasks", body: JSON.stringify({ title: `kept ${i}` }), headers: JSON_HEADERS });
  await client.close();
}

describe("bulk operations on a server that keeps its tasks (a remote target)", () => {
  it("lists from past the tasks already there, counted untimed before each create, so the read finds exactly its own", async () => {
    await keepTasks(7);
    const bulk = new BulkOperations(context, 5, true);
    for (const operation of ["create", "read", "update", "delete"] as const) await bulk.run(operation, true);
    const samples = bulk.samples();
    for (const operation of ["create", "read", "update", "delete"] as const) expect(samples[operation]).toMatchObject({ errors: 0, timesMs: [expect.any(Number)] });
    expect(workOf(context.client.sent).filter((r) => r.method === "GET").map((r) => r.path)).toEqual(["/tasks?limit=1000&offset=0", "/tasks?limit=5&offset=7"]);
  });

  it("without keepsTasks reads the first page, which on such a server is not its own (the error it prevents)", async () => {
    await keepTasks(7);
    const bulk = new BulkOperations(context, 5);
    for (const operation of ["create", "read"] as const) await bulk.run(operation, true);
    expect(bulk.samples().read).toMatchObject({ errors: 1 });
  });
});
