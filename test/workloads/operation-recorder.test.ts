import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JSON_HEADERS, type RequestSpec } from "../../src/http/client.js";
import type { ResponseExpectation } from "../../src/contract/response-check.js";
import { MAX_CONSECUTIVE_ERRORS, OperationRecorder, WorkloadAborted } from "../../src/workloads/operation-recorder.js";
import { FakeTaskApi } from "../support/fake-task-api.js";
import { fakeWorkloadContext, type TestWorkloadContext } from "../support/workload-context.js";

const create: RequestSpec = { method: "POST", path: "/tasks", body: JSON.stringify({ title: "t" }), headers: JSON_HEADERS };
const created: ResponseExpectation = { status: 201, schema: "Task" };
const NO_TIMING = { dbMs: [], appMs: [], observedMs: [] };
const INJECTED_500 = 'expected status 201, got 500 (body: "{\\"error\\":\\"injected failure\\"}")';

let fake: FakeTaskApi;
let context: TestWorkloadContext;

beforeEach(async () => {
  fake = await FakeTaskApi.start();
  context = fakeWorkloadContext(fake, { timeoutMs: 2_000 });
});

afterEach(async () => {
  await context.client.close();
  await fake.close();
});

/** The WorkloadAborted the promise rejects with; fails the test on anything else. */
async function aborted(promise: Promise<unknown>): Promise<WorkloadAborted> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkloadAborted);
  return error as WorkloadAborted;
}

describe("OperationRecorder.request", () => {
  it("returns the client's latency and the validated body, and records nothing by itself", async () => {
    const recorder = new OperationRecorder(context, "single create");
    const measured = await recorder.request(create, created);
    expect(measured?.elapsedMs).toBe(context.client.sent[0]!.elapsedMs);
    expect(measured!.elapsedMs).toBeGreaterThan(0);
    expect(measured?.json).toEqual(fake.tasks()[0]);
    expect(measured?.reused).toBe(false);
    expect(recorder.samples()).toEqual({ timesMs: [], serverTiming: NO_TIMING, errors: 0, examples: [], freshConnections: 0 });
    recorder.record({ elapsedMs: 1.5, reused: true });
    expect(recorder.samples()).toEqual({ timesMs: [1.5], serverTiming: NO_TIMING, errors: 0, examples: [], freshConnections: 0 });
    // A timed sample that had to open a connection is kept and counted, never silently.
    recorder.record({ elapsedMs: 2.5, reused: false });
    expect(recorder.samples()).toEqual({ timesMs: [1.5, 2.5], serverTiming: NO_TIMING, errors: 0, examples: [], freshConnections: 1 });
  });

  it("keeps the Server-Timing of a timed response beside its latency, and nothing for one without a valid header", async () => {
    const recorder = new OperationRecorder(context, "single create");
    const measured = await recorder.request(create, created);
    expect(measured?.serverTiming).toEqual({ dbMs: expect.any(Number), appMs: expect.any(Number) });
    recorder.record(measured!);
    recorder.record({ elapsedMs: 3, reused: true });
    recorder.record({ elapsedMs: 4, reused: true, serverTiming: { dbMs: 0.5, appMs: 1 } });
    const { serverTiming, timesMs } = recorder.samples();
    expect(timesMs).toEqual([measured!.elapsedMs, 3, 4]);
    expect(serverTiming).toEqual({ dbMs: [measured!.serverTiming!.dbMs, 0.5], appMs: [measured!.serverTiming!.appMs, 1], observedMs: [measured!.elapsedMs, 4] });
    fake.inject({ kind: "answer", status: 201, body: JSON.stringify(fake.tasks()[0]), method: "POST" });
    expect((await recorder.request(create, created))?.serverTiming).toBeUndefined();
  });

  it("holds the sampling gate only while the batch is in flight; checks run after release", async () => {
    const recorder = new OperationRecorder(context, "single read");
    await recorder.request(create, created, () => {
      context.sampler.note("verify");
      return undefined;
    });
    fake.inject({ kind: "drop" });
    await recorder.request(create, created);
    expect(context.sampler.events).toEqual(["hold", "release", "verify", "hold", "release"]);
  });

  it("keeps validation time out of the latency", async () => {
    const recorder = new OperationRecorder(context, "single create");
    const SPENT_VALIDATING_MS = 300;
    const measured = await recorder.request(create, created, () => {
      const until = performance.now() + SPENT_VALIDATING_MS;
      while (performance.now() < until);
      return undefined;
    });
    // One local request takes a few ms; only the verify callback spends 300.
    expect(measured!.elapsedMs).toBeLessThan(SPENT_VALIDATING_MS);
  });

  it("counts a wrong status, a body off the schema, a failed verify and a cut connection as errors, never as samples", async () => {
    const recorder = new OperationRecorder(context, "single read");
    fake.inject({ kind: "answer", times: 1 });
    expect(await recorder.request(create, created)).toBeUndefined();
    fake.inject({ kind: "answer", status: 201, body: '{"id":1}', times: 1 });
    expect(await recorder.request(create, created)).toBeUndefined();
    await recorder.request(create, created); // a good one, so task 1 exists
    expect(await recorder.request({ method: "GET", path: "/tasks/1" }, { status: 200, schema: "Task" }, () => "asked for task 7, got 1")).toBeUndefined();
    fake.inject({ kind: "drop", times: 1 });
    expect(await recorder.request({ method: "GET", path: "/tasks/1" }, { status: 200, schema: "Task" })).toBeUndefined();

    const samples = recorder.samples();
    expect(samples.timesMs).toEqual([]);
    expect(samples.errors).toBe(4);
    expect(samples.examples.slice(0, 3)).toEqual([
      `POST /tasks: ${INJECTED_500}`,
      "POST /tasks: body is not a Task: (root) must have required property 'title'",
      "GET /tasks/1: asked for task 7, got 1",
    ]);
    expect(samples.examples[3]).toMatch(/^GET \/tasks\/1: \S/);
  });

  it("counts a request that times out as an error", async () => {
    const quick = fakeWorkloadContext(fake, { timeoutMs: 200 });
    const recorder = new OperationRecorder(quick, "single create");
    fake.inject({ kind: "hang", times: 1 });
    expect(await recorder.request(create, created)).toBeUndefined();
    expect(await recorder.request(create, created)).toBeDefined();
    expect(recorder.samples().errors).toBe(1);
    expect(recorder.samples().examples[0]).toMatch(/^POST \/tasks: .*[Tt]imeout/);
    await quick.client.close();
  });

  it("keeps the first five error descriptions and counts all errors", async () => {
    const recorder = new OperationRecorder(context, "bulk update");
    for (let index = 0; index < 8; index++) recorder.error(`failure ${index}`);
    expect(recorder.samples()).toEqual({ timesMs: [], serverTiming: NO_TIMING, errors: 8, examples: ["failure 0", "failure 1", "failure 2", "failure 3", "failure 4"], freshConnections: 0 });
  });

  it("hands out copies of its samples", () => {
    const recorder = new OperationRecorder(context, "single create");
    recorder.record({ elapsedMs: 2, reused: true });
    recorder.samples().timesMs.push(99);
    expect(recorder.samples().timesMs).toEqual([2]);
  });
});

describe("OperationRecorder.batch", () => {
  it("sends a batch in one go inside the gate, then validates each answer in order", async () => {
    const recorder = new OperationRecorder(context, "single create");
    const checked: number[] = [];
    const results = await recorder.batch([create, create, create], created, (_json, index) => {
      checked.push(index);
      return index === 1 ? "the second is wrong" : undefined;
    });
    expect(context.client.batches).toEqual([{ size: 3, gateHeld: true }]);
    expect(checked).toEqual([0, 1, 2]);
    expect(results.map((measured) => measured?.elapsedMs)).toEqual([context.client.sent[0]!.elapsedMs, undefined, context.client.sent[2]!.elapsedMs]);
    expect(results.map((measured) => measured?.reused)).toEqual([false, undefined, true]);
    expect(recorder.samples().errors).toBe(1);
  });

  it("stops a batch at the failure that aborts the operation: a stalled target costs ten timeouts, not one per request", async () => {
    const quick = fakeWorkloadContext(fake, { timeoutMs: 100 });
    const recorder = new OperationRecorder(quick, "single create");
    fake.inject({ kind: "hang" });
    const error = await aborted(recorder.batch(Array.from({ length: 200 }, () => create), created));
    expect(error.message).toMatch(/^10 consecutive errors during single create; last: POST \/tasks: timeout/);
    expect(fake.requests).toHaveLength(MAX_CONSECUTIVE_ERRORS);
    await quick.client.close();
  });
});

describe("aborting a workload", () => {
  it(`stops at the ${MAX_CONSECUTIVE_ERRORS}th consecutive error, naming the operation and the last error`, async () => {
    expect(MAX_CONSECUTIVE_ERRORS).toBe(10);
    const recorder = new OperationRecorder(context, "single create");
    fake.inject({ kind: "answer" });
    for (let index = 0; index < 9; index++) expect(await recorder.request(create, created)).toBeUndefined();
    const error = await aborted(recorder.request(create, created));
    expect(error.kind).toBe("failed-workload");
    expect(error.message).toBe(`10 consecutive errors during single create; last: POST /tasks: ${INJECTED_500}`);
    expect(recorder.samples().errors).toBe(10);
  });

  it("starts counting again after a success", async () => {
    const recorder = new OperationRecorder(context, "single create");
    fake.inject({ kind: "answer", times: 9 });
    for (let index = 0; index < 10; index++) await recorder.request(create, created);
    fake.inject({ kind: "answer" });
    for (let index = 0; index < 9; index++) await recorder.request(create, created);
    expect(recorder.samples().errors).toBe(18);
    expect((await aborted(recorder.request(create, created))).kind).toBe("failed-workload");
  });

  it("stops at the first error once the target has exited", async () => {
    const recorder = new OperationRecorder(context, "single read");
    fake.crash();
    const error = await aborted(recorder.request({ method: "GET", path: "/tasks/1" }, { status: 200, schema: "Task" }));
    expect(error.kind).toBe("crashed");
    expect(error.message).toBe("target exited during single read");
    expect(recorder.samples().errors).toBe(1);
  });

  it("sends nothing once the run is interrupted", async () => {
    const controller = new AbortController();
    const interrupted = fakeWorkloadContext(fake, { signal: controller.signal });
    const recorder = new OperationRecorder(interrupted, "bulk delete");
    controller.abort();
    const error = await aborted(recorder.request(create, created));
    expect(error.kind).toBe("interrupted");
    expect(error.message).toBe("interrupted during bulk delete");
    expect(fake.requests).toEqual([]);
    expect(interrupted.sampler.events).toEqual([]);
    await interrupted.client.close();
  });
});
