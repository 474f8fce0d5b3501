import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../src/lifecycle/free-port.js";
import { runClosedLevel, runOpenLevel } from "../../src/load/generator.js";
import { MixPlanner } from "../../src/load/mix.js";
import { seededRandom } from "../../src/stats/random.js";

/**
 * A fixture server in its own process: answers every request at once with a valid Task,
 * except that STALL_AT_MS after start it blocks for STALL_MS — a garbage-collection pause
 * or a lock, as a real server might have.
 */
const STALLING_SERVER = `
const http = require("node:http");
const body = JSON.stringify({ id: 1, title: "t", description: "", completed: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" });
const stallAt = Number(process.env.STALL_AT_MS), stall = Number(process.env.STALL_MS);
http.createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(body));
}).listen(Number(process.env.PORT), "127.0.0.1", () => {
  console.log("ready");
  if (stall > 0) setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stall), stallAt);
});
`;

async function startServer(stallAtMs: number, stallMs: number): Promise<{ url: string; process: ChildProcess }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["-e", STALLING_SERVER], { env: { ...process.env, PORT: String(port), STALL_AT_MS: String(stallAtMs), STALL_MS: String(stallMs) }, stdio: ["ignore", "pipe", "inherit"] });
  await once(child.stdout!, "data");
  return { url: `http://127.0.0.1:${port}`, process: child };
}

const readPlanner = () => new MixPlanner("read", [1], seededRandom(1));

describe("open model pacing", () => {
  let server: { url: string; process: ChildProcess };
  beforeAll(async () => {
    server = await startServer(0, 0);
  });
  afterAll(() => {
    server?.process.kill("SIGKILL");
  });

  it("sends at the asked rate, by absolute schedule", async () => {
    const level = await runOpenLevel({ baseUrl: server.url, planner: readPlanner(), connections: 8, warmupMs: 200, durationMs: 2000, timeoutMs: 2000, rate: 400 });
    expect(level.latency.count).toBeGreaterThanOrEqual(760);
    expect(level.latency.count).toBeLessThanOrEqual(801);
    expect(level.achieved_rps).toBeGreaterThan(380);
    expect(level.achieved_rps).toBeLessThanOrEqual(400.5);
    expect(level.dropped).toBe(0);
    expect(level.errors).toEqual({});
  });

  it("runs closed-model levels with every answer validated", async () => {
    const level = await runClosedLevel({ baseUrl: server.url, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 1000, timeoutMs: 2000 });
    expect(level.achieved_rps).toBeGreaterThan(100);
    expect(level.latency.count).toBeGreaterThan(100);
    expect(level.errors).toEqual({});
  });
});

describe("coordinated omission", () => {
  let server: { url: string; process: ChildProcess };
  beforeAll(async () => {
    // Stalls 600 ms, one second into the measured window.
    server = await startServer(1300, 600);
  });
  afterAll(() => {
    server?.process.kill("SIGKILL");
  });

  it("shows a stall in the corrected p99 that the uncorrected one hides", async () => {
    const level = await runOpenLevel({ baseUrl: server.url, planner: readPlanner(), connections: 4, warmupMs: 300, durationMs: 3000, timeoutMs: 5000, rate: 200 });
    // About 120 requests fell due during the stall: 20% of the window waited up to 600 ms.
    expect(level.latency.p99_ms!).toBeGreaterThan(300);
    expect(level.latency.max_ms!).toBeGreaterThan(450);
    // From the actual send, only the few requests in flight when it stalled look slow.
    expect(level.uncorrected_latency!.p99_ms!).toBeLessThan(100);
    expect(level.achieved_rps).toBeGreaterThan(150);
  });
});

describe("dropped requests", () => {
  let server: { url: string; process: ChildProcess };
  beforeAll(async () => {
    server = await startServer(200, 60_000);
  });
  afterAll(() => {
    server?.process.kill("SIGKILL");
  });

  it("counts requests that could not even be queued, and times out the rest", async () => {
    const level = await runOpenLevel({ baseUrl: server.url, planner: readPlanner(), connections: 2, warmupMs: 0, durationMs: 1500, timeoutMs: 500, rate: 200, maxQueue: 10 });
    expect(level.dropped).toBeGreaterThan(100);
    expect(level.errors.timeout).toBeGreaterThanOrEqual(2);
    // Dropped and timed-out requests stay in the distribution, censored at the timeout.
    const failed = Object.values(level.errors).reduce((sum, n) => sum + n, 0);
    expect(level.latency.censored).toBe(level.dropped + failed);
    expect(level.latency.p99_lower_bound).toBe(true);
    expect(level.latency.p99_ms!).toBeGreaterThanOrEqual(500);
  });
});
