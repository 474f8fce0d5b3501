import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaseFailure, fail, type ConformanceCase } from "../../src/conformance/case.js";
import { runConformance } from "../../src/conformance/runner.js";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { TargetClient } from "../../src/http/client.js";
import type { ConformanceCaseResult } from "../../src/results/types.js";
import { FakeTaskApi } from "../support/fake-task-api.js";

let fake: FakeTaskApi;
let client: TargetClient;

beforeEach(async () => {
  fake = await FakeTaskApi.start();
  client = new TargetClient(fake.baseUrl, 2_000);
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

const failedCases = (cases: ConformanceCaseResult[]) => cases.filter((c) => c.outcome === "failed");

describe("the real suite against the fake Task API", () => {
  it("passes every case (the fake is faithful to the contract)", async () => {
    const seen: number[] = [];
    const results = await runConformance(conformanceSuite, { client, database: fake.database }, (_, index) => seen.push(index));
    expect(failedCases(results.cases)).toEqual([]);
    expect(results.passed).toBe(conformanceSuite.length);
    expect(results.failed).toBe(0);
    expect(results.cases.map((c) => c.id)).toEqual(conformanceSuite.map((c) => c.id));
    expect(seen).toEqual(conformanceSuite.map((_, index) => index));
  });

  it("on a remote target skips exactly the cases that write behind the server's back, with their reason, and passes the rest", async () => {
    const results = await runConformance(conformanceSuite, { client, database: undefined, remote: true });
    const skipped = results.cases.filter((c) => c.outcome === "skipped");
    expect(skipped.map((c) => c.id)).toEqual(conformanceSuite.filter((c) => c.notRemote).map((c) => c.id));
    expect(skipped.map((c) => c.id)).toEqual(["reads-the-database"]);
    expect(skipped[0]!.reason).toContain("cannot reach");
    expect(failedCases(results.cases)).toEqual([]);
    expect(results).toMatchObject({ passed: conformanceSuite.length - 1, failed: 0, skipped: 1 });
  });

  it("fails exactly the cases that cover a wrong status on one route, with the reason", async () => {
    fake.inject({ kind: "answer", status: 404, body: '{"error":"no"}', method: "POST", path: /^\/health$/ });
    const results = await runConformance(conformanceSuite, { client, database: fake.database });
    const reason = 'POST /health: expected status 405, got 404 (body: "{\\"error\\":\\"no\\"}")';
    expect(failedCases(results.cases)).toEqual([
      { id: "wrong-method", description: expect.any(String), outcome: "failed", reason },
      { id: "method-not-allowed-has-allow", description: expect.any(String), outcome: "failed", reason },
    ]);
    expect(results.passed).toBe(conformanceSuite.length - 2);
    expect(results.failed).toBe(2);
  });

  it("fails the Server-Timing case of an operation whose header is missing, malformed, or has db beyond app", async () => {
    const task = JSON.stringify({ id: 1, title: "t", description: "", completed: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" });
    const reasons: Record<string, string | undefined> = {};
    for (const [label, headers] of [["missing", {}], ["malformed", { "server-timing": "db=1, app=2" }], ["db beyond app", { "server-timing": "db;dur=2.5, app;dur=1" }]] as const) {
      const faulty = await FakeTaskApi.start();
      faulty.inject({ kind: "answer", status: 200, body: task, headers, method: "PUT", path: /^\/tasks\/\d+$/ });
      const faultyClient = new TargetClient(faulty.baseUrl, 2_000);
      const results = await runConformance(conformanceSuite, { client: faultyClient, database: faulty.database });
      reasons[label] = failedCases(results.cases).find((c) => c.id === "server-timing-update")?.reason;
      await faultyClient.close();
      await faulty.close();
    }
    expect(reasons).toEqual({
      missing: expect.stringMatching(/^PUT \/tasks\/\d+: no Server-Timing header$/),
      malformed: expect.stringMatching(/: Server-Timing entry "db=1" is not name;dur=/),
      "db beyond app": expect.stringMatching(/: Server-Timing db \(2.5 ms\) exceeds app \(1 ms\)/),
    });
  });

  it("fails the delete cases when DELETE answers 200 with a body", async () => {
    fake.inject({ kind: "answer", status: 200, body: "{}", method: "DELETE", path: /^\/tasks\/\d+$/ });
    const results = await runConformance(conformanceSuite, { client, database: fake.database });
    const failed = failedCases(results.cases);
    expect(failed.map((c) => c.id)).toEqual(["delete-answers-204-empty", "delete-really-deletes", "delete-twice-404", "delete-leaves-others", "delete-unknown-id", "server-timing-delete"]);
    expect(failed[0]!.reason).toMatch(/^DELETE \/tasks\/\d+: expected status 204, got 200 \(body: "\{\}"\)$/);
  });

  it("fails the database case when there is no direct database access", async () => {
    const results = await runConformance(conformanceSuite, { client, database: undefined });
    expect(failedCases(results.cases)).toEqual([
      { id: "reads-the-database", description: expect.any(String), outcome: "failed", reason: "no direct database access for this run" },
    ]);
  });

  it("goes on after the target dies, failing every later case with the request error", async () => {
    const crashAt = conformanceSuite.findIndex((c) => c.id === "update-replaces-fields");
    const results = await runConformance(conformanceSuite, { client, database: fake.database }, (_, index) => {
      if (index === crashAt - 1) fake.crash();
    });
    expect(results.cases).toHaveLength(conformanceSuite.length);
    expect(results.passed).toBe(crashAt);
    expect(results.failed).toBe(conformanceSuite.length - crashAt);
    for (const result of results.cases.slice(crashAt)) expect(result.reason).toMatch(/^request failed: /);
    // The first request may still find the old connection closing under it; later ones are refused.
    expect(results.cases.at(-1)!.reason).toMatch(/^request failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });
});

describe("runConformance with cases as data", () => {
  const cases: ConformanceCase[] = [
    { id: "passes", description: "does nothing", run: async () => {} },
    { id: "violates", description: "a contract violation", run: async () => fail("expected 1, got 2") },
    {
      id: "breaks",
      description: "an error that is not a contract violation",
      run: async () => {
        throw new Error("socket hang up");
      },
    },
    { id: "also-passes", description: "after the failures", run: async () => {} },
  ];

  it("records each outcome in order: a CaseFailure's message as is, other errors as request failures", async () => {
    const results = await runConformance(cases, { client, database: undefined });
    expect(results).toEqual({
      passed: 2,
      failed: 2,
      cases: [
        { id: "passes", description: "does nothing", outcome: "passed" },
        { id: "violates", description: "a contract violation", outcome: "failed", reason: "expected 1, got 2" },
        { id: "breaks", description: "an error that is not a contract violation", outcome: "failed", reason: "request failed: socket hang up" },
        { id: "also-passes", description: "after the failures", outcome: "passed" },
      ],
    });
    expect(new CaseFailure("x")).toBeInstanceOf(Error);
  });
});
