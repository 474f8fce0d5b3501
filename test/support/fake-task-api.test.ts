import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "../../src/errors.js";
import { TargetClient } from "../../src/http/client.js";
import { FakeTaskApi } from "./fake-task-api.js";

/**
 * The fake's knobs, so tests built on it (workloads, conformance, pipeline) can trust what a
 * fault does. That the fake honours the contract is shown by the real conformance suite
 * passing against it (test/conformance/runner.test.ts).
 */

let fake: FakeTaskApi;
let client: TargetClient;

beforeEach(async () => {
  fake = await FakeTaskApi.start();
  client = new TargetClient(fake.baseUrl, 300);
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

const health = async () => (await client.send({ method: "GET", path: "/health" })).status;

describe("FakeTaskApi faults", () => {
  it("apply to matching requests only, after `skip`, `times` times", async () => {
    fake.inject({ kind: "answer", status: 503, method: "GET", path: /^\/health$/, skip: 1, times: 2 });
    const statuses = [await health(), await health(), (await client.sendJson("POST", "/tasks", { title: "t" })).status, await health(), await health()];
    expect(statuses).toEqual([200, 503, 201, 503, 200]);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /health", "GET /health", "POST /tasks", "GET /health", "GET /health"]);
  });

  it("are checked in the order added, and can be cleared", async () => {
    fake.inject({ kind: "answer", status: 502, times: 1 });
    fake.inject({ kind: "answer", status: 503 });
    expect([await health(), await health()]).toEqual([502, 503]);
    fake.clearFaults();
    expect(await health()).toBe(200);
  });

  it("answer with the given body and Content-Type", async () => {
    fake.inject({ kind: "answer", status: 200, body: "<html>", contentType: "text/html" });
    const response = await client.send({ method: "GET", path: "/health" });
    expect([response.status, response.headers["content-type"], response.body]).toEqual([200, "text/html", "<html>"]);
  });

  it("delay an answer, then serve it", async () => {
    fake.inject({ kind: "delay", ms: 150 });
    const response = await client.sendJson("POST", "/tasks", { title: "late" });
    expect(response.status).toBe(201);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(fake.tasks()).toHaveLength(1);
  });

  it("hang until the client gives up, or drop the connection", async () => {
    fake.inject({ kind: "hang", times: 1 });
    await expect(health()).rejects.toThrow(/timeout/i);
    fake.inject({ kind: "drop", times: 1 });
    await expect(health()).rejects.toThrow(/other side closed/);
    expect(await health()).toBe(200);
  });

  it("close() cuts a hanging request instead of waiting for it", async () => {
    const patient = new TargetClient(fake.baseUrl, 5_000);
    fake.inject({ kind: "hang" });
    const hanging = patient.send({ method: "GET", path: "/health" }).then(
      () => "answered",
      (error: unknown) => describeError(error),
    );
    while (fake.requests.length === 0) await sleep(10);
    await fake.close();
    // A timeout here would mean close() waited for the client to give up.
    expect(await hanging).toBe("other side closed");
    await patient.close();
  });

  it("crash: the fake reports its exit and refuses connections", async () => {
    fake.inject({ kind: "crash", skip: 1 });
    expect(await health()).toBe(200);
    expect(fake.exited).toBe(false);
    await expect(health()).rejects.toThrow();
    expect(fake.exited).toBe(true);
    await expect(health()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("FakeTaskApi storage", () => {
  it("shares one id sequence between the API and the direct database", async () => {
    await client.sendJson("POST", "/tasks", { title: "api" });
    const row = { title: "direct", description: "", completed: true, created_at: "2026-01-02T03:04:05.678Z", updated_at: "2026-01-02T03:04:05.678Z" };
    expect(await fake.database.insertTask(row)).toBe(2);
    expect(fake.tasks().map((task) => [task.id, task.title])).toEqual([
      [1, "api"],
      [2, "direct"],
    ]);
  });
});
