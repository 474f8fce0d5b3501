import { describe, expect, it } from "vitest";
import { parseAnswer, toWireRequest } from "../../src/timing/engine-protocol.js";

describe("toWireRequest", () => {
  it("sends headers as pairs and bodies as the text they are", () => {
    expect(toWireRequest({ method: "PUT", path: "/tasks/1", headers: { "content-type": "application/json" }, body: Buffer.from('{"t":"é"}') })).toEqual({
      method: "PUT",
      path: "/tasks/1",
      headers: [["content-type", "application/json"]],
      body: '{"t":"é"}',
    });
    expect(toWireRequest({ method: "GET", path: "/tasks" })).toEqual({ method: "GET", path: "/tasks", headers: [] });
  });

  it("refuses a body that is not UTF-8, which JSON cannot carry", () => {
    expect(() => toWireRequest({ method: "POST", path: "/", body: Buffer.from([0xff]) })).toThrow();
  });
});

describe("parseAnswer", () => {
  const answer = (results: unknown[], extra: object = {}) => JSON.stringify({ batch: 7, connections_opened: 1, results, ...extra });

  it("turns results into outcomes: ns to ms, repeated headers to arrays", () => {
    const line = answer([
      { ok: true, status: 201, headers: [["location", "/tasks/1"], ["set-cookie", "a"], ["set-cookie", "b"]], body: "{}", elapsed_ns: 143211, reused: true },
      { ok: false, cause: "timeout", message: "no answer", elapsed_ns: 10000412, reused: false },
    ]);
    expect(parseAnswer(line, 7, 2)).toEqual({
      kind: "answered",
      connectionsOpened: 1,
      outcomes: [
        { ok: true, response: { status: 201, headers: { location: "/tasks/1", "set-cookie": ["a", "b"] }, body: "{}", elapsedMs: 0.143211 }, reused: true },
        { ok: false, cause: "timeout", message: "no answer", elapsedMs: 10.000412, reused: false },
      ],
    });
  });

  it("tells a refused line from garbage", () => {
    expect(parseAnswer('{"batch": null, "error": "bad request line"}', 7, 1)).toEqual({ kind: "rejected", error: "bad request line" });
    expect(parseAnswer("{", 7, 1)).toEqual({ kind: "garbage", problem: "not JSON: {" });
    expect(parseAnswer(answer([]), 8, 0)).toEqual({ kind: "garbage", problem: "answer names batch 7, expected 8" });
    expect(parseAnswer(answer([]), 7, 1)).toEqual({ kind: "garbage", problem: "expected 1 results, got 0" });
    expect(parseAnswer(answer([], { connections_opened: -1 }), 7, 0)).toEqual({ kind: "garbage", problem: "connections_opened is not a count" });
    expect(parseAnswer(answer([{ ok: false, cause: "gone", message: "", elapsed_ns: 1, reused: false }]), 7, 1)).toEqual({ kind: "garbage", problem: 'results[0]: unknown cause "gone"' });
    expect(parseAnswer(answer([{ ok: true, status: 200, headers: [["a"]], body: "", elapsed_ns: 1, reused: false }]), 7, 1)).toEqual({ kind: "garbage", problem: "results[0]: headers are not [name, value] pairs" });
    expect(parseAnswer(answer([{ ok: true, status: 200, headers: [], body: "", elapsed_ns: 1.5, reused: false }]), 7, 1)).toEqual({ kind: "garbage", problem: "results[0]: elapsed_ns is not a count of nanoseconds" });
  });
});
