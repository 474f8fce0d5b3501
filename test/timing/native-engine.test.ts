import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NativeTimingClient } from "../../src/timing/native-engine.js";
import { buildRealEngine, realEngineSkipReason } from "../support/real-engine.js";
import { writeFakeEngine, type FakeEngineMode } from "./fake-engine.js";
import { timingClientCases } from "./timing-cases.js";

const workDir = mkdtempSync(join(tmpdir(), "crudbench-native-engine-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const skipReason = realEngineSkipReason;
let binary = "";
const engineLog = join(workDir, "engine.log");

beforeAll(async () => {
  if (skipReason) return;
  binary = await buildRealEngine(workDir);
}, 900_000);

timingClientCases("native engine client", skipReason ? { skip: skipReason } : (baseUrl, timeoutMs) => NativeTimingClient.open(binary, baseUrl, timeoutMs, engineLog));

describe(skipReason ? `native engine process (skipped: ${skipReason})` : "native engine process", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // Answers /fixed at once and never answers anything else.
    server = createServer((request, response) => {
      if (request.url === "/fixed") response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it.skipIf(skipReason)("rejects the batch in flight, naming the log, when the engine is killed mid-run", async () => {
    const client = NativeTimingClient.open(binary, url, 30_000, engineLog);
    try {
      expect((await client.batch([{ method: "GET", path: "/fixed" }]))[0]?.ok).toBe(true);
      const stalled = client.batch([{ method: "GET", path: "/stall" }]);
      setTimeout(() => process.kill(client.pid!, "SIGKILL"), 200);
      await expect(stalled).rejects.toThrow(`crudbench-engine exited (killed by SIGKILL); its log: ${engineLog}`);
      await expect(client.batch([{ method: "GET", path: "/fixed" }])).rejects.toThrow(engineLog);
    } finally {
      await client.close();
    }
  });

  it.skipIf(skipReason)("exits when its stdin closes", async () => {
    const client = NativeTimingClient.open(binary, url, 30_000, engineLog);
    await client.batch([{ method: "GET", path: "/fixed" }]);
    const pid = client.pid!;
    await client.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("native engine client against a misbehaving engine (a fake, no cargo needed)", () => {
  const open = (mode: FakeEngineMode, log = join(workDir, `fake-${mode}.log`)) => NativeTimingClient.open(writeFakeEngine(workDir, mode), "http://127.0.0.1:9", 1_000, log);
  const request = { method: "POST" as const, path: "/tasks", headers: { "content-type": "application/json" }, body: '{"title":"x"}' };

  it("turns answers into outcomes and counts the connections the engine opened", async () => {
    const client = open("ok");
    try {
      const outcomes = await client.batch([request, { method: "GET", path: "/tasks/1" }]);
      expect(outcomes).toEqual([
        { ok: true, response: { status: 200, headers: { "content-type": "text/plain" }, body: "POST /tasks", elapsedMs: 0.001 }, reused: false },
        { ok: true, response: { status: 200, headers: { "content-type": "text/plain" }, body: "GET /tasks/1", elapsedMs: 0.001001 }, reused: true },
      ]);
      await client.batch([request]);
      expect(client.connectionsOpened).toBe(2);
    } finally {
      await client.close();
    }
  });

  it.each([
    ["garbage", "answered batch 1 with garbage: not JSON: this is not json"],
    ["wrong-batch", "answered batch 1 with garbage: answer names batch 2, expected 1"],
    ["die", "crudbench-engine exited (exit code 3)"],
  ] as const)("rejects every batch, naming the log, when the engine %s", async (mode, message) => {
    const log = join(workDir, `fake-${mode}.log`);
    const client = open(mode, log);
    try {
      await expect(client.batch([request])).rejects.toThrow(`${message}`);
      await expect(client.batch([request])).rejects.toThrow(`its log: ${log}`);
    } finally {
      await client.close();
    }
    if (mode === "die") expect(readFileSync(log, "utf8")).toContain("dying on purpose");
  });

  it("rejects a batch the engine refuses, as a crudbench bug, and stays usable", async () => {
    const client = open("reject");
    try {
      await expect(client.batch([request])).rejects.toThrow("crudbench-engine rejected batch 1: bad request line: nope (a crudbench bug");
      await expect(client.batch([request])).rejects.toThrow("rejected batch 2");
    } finally {
      await client.close();
    }
  });

  it("refuses to start a binary that is not there", () => {
    expect(() => NativeTimingClient.open(join(workDir, "no-such-engine"), "http://127.0.0.1:9", 1_000, join(workDir, "x.log"))).toThrow("cannot start crudbench-engine");
  });
});
