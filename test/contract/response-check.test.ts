import { describe, expect, it } from "vitest";
import { checkResponse } from "../../src/contract/response-check.js";
import type { HttpResponse } from "../../src/http/client.js";

const task = { id: 7, title: "t", description: "", completed: false, created_at: "2026-11-26T10:17:07.123Z", updated_at: "2026-11-26T10:17:07.123Z" };

function json(status: number, value: unknown, contentType: string | string[] = "application/json"): HttpResponse {
  return { status, headers: { "content-type": contentType }, body: typeof value === "string" ? value : JSON.stringify(value) };
}

describe("checkResponse: status", () => {
  it("accepts the expected status and returns the parsed body", () => {
    expect(checkResponse(json(201, task), { status: 201, schema: "Task" })).toEqual({ ok: true, json: task });
  });

  it("rejects another status, showing the body", () => {
    expect(checkResponse(json(500, { error: "boom" }), { status: 201, schema: "Task" })).toEqual({
      ok: false,
      reason: 'expected status 201, got 500 (body: "{\\"error\\":\\"boom\\"}")',
    });
    expect(checkResponse({ status: 404, headers: {}, body: "" }, { status: 200 })).toEqual({ ok: false, reason: "expected status 200, got 404" });
  });

  it("shortens a long body in the reason to 120 characters", () => {
    const reason = (checkResponse(json(500, "x".repeat(500)), { status: 200 }) as { reason: string }).reason;
    expect(reason).toBe(`expected status 200, got 500 (body: "${"x".repeat(120)}…")`);
  });
});

describe("checkResponse: empty bodies", () => {
  it("accepts a 204 with no body, and nothing else", () => {
    expect(checkResponse({ status: 204, headers: {}, body: "" }, { status: 204, empty: true })).toEqual({ ok: true, json: undefined });
    // " +": the message has a doubled space today; the test should not pin that.
    expect(checkResponse(json(204, {}), { status: 204, empty: true })).toEqual({ ok: false, reason: expect.stringMatching(/^expected no body, got +\(body: "\{\}"\)$/) });
  });

  it("checks only the status when no schema is asked for", () => {
    expect(checkResponse({ status: 200, headers: {}, body: "not json" }, { status: 200 })).toEqual({ ok: true, json: undefined });
  });
});

describe("checkResponse: Content-Type", () => {
  it("accepts application/json with any case and a charset parameter", () => {
    for (const contentType of ["application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON", ["application/json", "text/plain"]]) {
      expect(checkResponse(json(200, task, contentType), { status: 200, schema: "Task" })).toEqual({ ok: true, json: task });
    }
  });

  it("rejects any other or a missing Content-Type", () => {
    for (const contentType of ["text/plain", "application/jsonp", "application/problem+json", "text/html; application/json"]) {
      expect(checkResponse(json(200, task, contentType), { status: 200, schema: "Task" })).toEqual({ ok: false, reason: `expected Content-Type application/json, got "${contentType}"` });
    }
    expect(checkResponse({ status: 200, headers: {}, body: JSON.stringify(task) }, { status: 200, schema: "Task" })).toEqual({ ok: false, reason: 'expected Content-Type application/json, got ""' });
  });
});

describe("checkResponse: body", () => {
  it("rejects a body that is not JSON", () => {
    expect(checkResponse(json(200, "{oops"), { status: 200, schema: "Task" })).toEqual({ ok: false, reason: 'body is not JSON (body: "{oops")' });
    expect(checkResponse(json(200, ""), { status: 200, schema: "Task" })).toEqual({ ok: false, reason: "body is not JSON" });
  });

  it("rejects a body off the schema, naming the first problem", () => {
    const check = (value: unknown, schema: "Task" | "TaskList" | "Health" | "Error") => checkResponse(json(200, value), { status: 200, schema });
    const { title: _title, ...untitled } = task;
    expect(check(untitled, "Task")).toEqual({ ok: false, reason: "body is not a Task: (root) must have required property 'title'" });
    expect(check({ ...task, owner: "x" }, "Task")).toEqual({ ok: false, reason: "body is not a Task: (root) must NOT have additional properties" });
    expect(check({ ...task, id: "7" }, "Task")).toEqual({ ok: false, reason: "body is not a Task: /id must be integer" });
    expect(check({ ...task, created_at: "2026-11-26 10:17:07" }, "Task")).toMatchObject({ ok: false, reason: expect.stringMatching(/^body is not a Task: \/created_at must match pattern/) });
    expect(check([task, { ...task, completed: 1 }], "TaskList")).toEqual({ ok: false, reason: "body is not a TaskList: /1/completed must be boolean" });
    expect(check(task, "TaskList")).toEqual({ ok: false, reason: "body is not a TaskList: (root) must be array" });
    expect(check({ status: "fine" }, "Health")).toEqual({ ok: false, reason: "body is not a Health: /status must be equal to constant" });
    expect(check({ error: "" }, "Error")).toEqual({ ok: false, reason: "body is not a Error: /error must NOT have fewer than 1 characters" });
  });

  it("accepts bodies that match their schema", () => {
    const check = (value: unknown, schema: "Task" | "TaskList" | "Health" | "Error") => checkResponse(json(200, value), { status: 200, schema });
    expect(check([], "TaskList")).toEqual({ ok: true, json: [] });
    expect(check([task, task], "TaskList")).toEqual({ ok: true, json: [task, task] });
    expect(check({ status: "ok" }, "Health")).toEqual({ ok: true, json: { status: "ok" } });
    expect(check({ error: "no such task" }, "Error")).toEqual({ ok: true, json: { error: "no such task" } });
  });
});
