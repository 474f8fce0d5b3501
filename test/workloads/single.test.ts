import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchLayout } from "../../src/workloads/batch-layout.js";
import { SingleOperations } from "../../src/workloads/single.js";
import { WorkloadAborted, type OperationsSamples, type WorkloadContext } from "../../src/workloads/operation-recorder.js";
import { FakeTaskApi } from "../support/fake-task-api.js";
import { fakeWorkloadContext, type SentRequest, type TestWorkloadContext } from "../support/workload-context.js";

const options = { iterations: 7, warmup: 3 };
const stubTask = { title: "t", description: "", completed: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" };

/** One create…delete cycle, as a block runs it for one target (other targets' batches would sit between the steps). */
async function runSingleWorkload(context: WorkloadContext, size: { iterations: number; warmup: number }): Promise<OperationsSamples> {
  const single = new SingleOperations(context);
  for (const operation of ["create", "read", "update", "delete"] as const) await single.run(operation, [...Array<boolean>(size.warmup).fill(false), ...Array<boolean>(size.iterations).fill(true)]);
  return single.samples();
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

const latencies = (sent: SentRequest[], method: string) => sent.filter((request) => request.method === method).map((request) => request.elapsedMs);

describe("SingleOperations", () => {
  it("times exactly the requests after the warm-up, with the client's latencies", async () => {
    const samples = await runSingleWorkload(context, options);
    const sent = context.client.sent;
    expect(sent.map((request) => request.method)).toEqual([...Array(10).fill("POST"), ...Array(10).fill("GET"), ...Array(10).fill("PUT"), ...Array(10).fill("DELETE")]);
    for (const [operation, method] of [["create", "POST"], ["read", "GET"], ["update", "PUT"], ["delete", "DELETE"]] as const) {
      const timed = latencies(sent, method).slice(3);
      // The fake answers with Server-Timing: every timed sample keeps its parts beside it.
      expect(samples[operation]).toEqual({ timesMs: timed, serverTiming: { dbMs: expect.any(Array), appMs: expect.any(Array), observedMs: timed }, errors: 0, examples: [], freshConnections: 0 });
    }
    expect(fake.tasks()).toEqual([]);
  });

  it("reads, updates and deletes the tasks it created, each once, in order", async () => {
    await runSingleWorkload(context, options);
    const paths = (method: string) => context.client.sent.filter((request) => request.method === method).map((request) => request.path);
    const ids = Array.from({ length: 10 }, (_, index) => `/tasks/${index + 1}`);
    expect(paths("GET")).toEqual(ids);
    expect(paths("PUT")).toEqual(ids);
    expect(paths("DELETE")).toEqual(ids);
  });

  it("sends each operation as one planned batch, the sampling gate held around it and nothing else", async () => {
    await runSingleWorkload(context, options);
    expect(context.client.batches).toEqual(Array(4).fill({ size: 10, gateHeld: true }));
    expect(context.sampler.events).toEqual(Array(4).fill(["hold", "release"]).flat());
  });

  it("counts failed requests as errors and times the rest", async () => {
    // Creates 6 and 7 (both timed) fail: 8 tasks exist, so reads and updates wrap around them.
    fake.inject({ kind: "answer", method: "POST", skip: 5, times: 2 });
    fake.inject({ kind: "answer", status: 200, body: JSON.stringify({ ...stubTask, id: 999 }), method: "GET", skip: 4, times: 1 });
    const samples = await runSingleWorkload(context, options);
    expect(samples.create.errors).toBe(2);
    expect(samples.create.timesMs).toHaveLength(5);
    expect(samples.read.errors).toBe(1);
    expect(samples.read.examples).toEqual(["GET /tasks/5: asked for task 5, got 999"]);
    expect(samples.read.timesMs).toHaveLength(6);
    expect(samples.update).toMatchObject({ errors: 0, examples: [] });
    expect(samples.update.timesMs).toHaveLength(7);
    // 8 deletes, the first one untimed, so that `iterations` deletes are timed.
    expect(samples.delete.timesMs).toEqual(latencies(context.client.sent, "DELETE").slice(1));
    expect(samples.delete.timesMs).toHaveLength(7);
    expect(fake.tasks()).toEqual([]);
  });

  it("aborts as crashed when the target exits mid-run", async () => {
    fake.inject({ kind: "crash", skip: 12 });
    const error = await runSingleWorkload(context, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkloadAborted);
    expect(error).toMatchObject({ kind: "crashed", message: "target exited during single read" });
    expect(fake.requests).toHaveLength(13);
  });

  it("aborts as a failed workload when every request fails", async () => {
    fake.inject({ kind: "answer" });
    const error = await runSingleWorkload(context, options).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "failed-workload", message: expect.stringMatching(/^10 consecutive errors during single create; last: POST \/tasks: expected status 201, got 500/) });
    expect(fake.requests).toHaveLength(10);
  });

  it("stops sending when interrupted", async () => {
    const controller = new AbortController();
    const interrupted = fakeWorkloadContext(fake, { signal: controller.signal });
    const single = new SingleOperations(interrupted);
    await single.run("create", batchLayout({ batch: 7, turn: 7, rewarm: 3 }));
    await single.run("read", batchLayout({ batch: 7, turn: 7, rewarm: 3 }));
    controller.abort();
    const error = await single.run("update", batchLayout({ batch: 7, turn: 7, rewarm: 3 })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "interrupted", message: "interrupted during single update" });
    expect(fake.requests.filter((request) => request.method === "PUT")).toHaveLength(0);
    await interrupted.client.close();
  });
});
