import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEngineClosedLevel } from "../../src/load/engine-closed.js";
import { MixPlanner } from "../../src/load/mix.js";
import { judgeLevel } from "../../src/stats/load-verdict.js";
import { seededRandom } from "../../src/stats/random.js";
import { buildRealEngine, realEngineSkipReason } from "../support/real-engine.js";
import { startFixtureServer, type FixtureBehaviour, type FixtureServer } from "./fixture-servers.js";

const workDir = mkdtempSync(join(tmpdir(), "crudbench-engine-load-"));
const skipReason = realEngineSkipReason;
let binary = "";
const servers: FixtureServer[] = [];

beforeAll(async () => {
  if (skipReason) return;
  binary = await buildRealEngine(workDir);
}, 900_000);

afterAll(() => {
  for (const server of servers) server.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function serve(behaviour: FixtureBehaviour): Promise<string> {
  const server = await startFixtureServer(behaviour);
  servers.push(server);
  return server.url;
}

const level = (baseUrl: string, overrides: { connections?: number; timeoutMs?: number; batch?: number } = {}) =>
  runEngineClosedLevel({ baseUrl, planner: new MixPlanner("read", [1], seededRandom(7)), connections: 4, warmupMs: 300, durationMs: 800, timeoutMs: 1000, binary, logFile: join(workDir, "engine.log"), ...overrides });

describe.skipIf(skipReason !== undefined)(`the closed model driven by the native engine${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it("gives a valid level whose numbers obey Little's law, with the generator's CPU measured and the engine named", async () => {
    // 20 ms answers on a timer: 4 connections give ~200 req/s whatever the machine does.
    const measured = await level(await serve({ delayMs: 20 }));
    const verdict = judgeLevel(measured, { sloP99Ms: 50 });
    expect(verdict.reasons).toEqual([]);
    expect(measured.generator).toBe("crudbench-engine");
    expect(measured.achieved_rps).toBeGreaterThan(150);
    expect(measured.achieved_rps).toBeLessThan(210);
    expect(verdict.checks.littles_law).toBeGreaterThan(0.9);
    expect(verdict.checks.littles_law).toBeLessThan(1.1);
    expect(measured.latency.mean_ms).toBeGreaterThanOrEqual(20);
    expect(measured.quarters_rps).toHaveLength(4);
    expect(measured.generator_cpu_percent).toBeGreaterThan(0);
    expect(measured.event_loop_delay_p99_ms).toBeNull();
  });

  it("validates every answer after the engine's clock: a failure is censored at the timeout, never a fast sample", async () => {
    const measured = await level(await serve({ delayMs: 2, failEvery: 10 }));
    expect(measured.errors["500"]).toBeGreaterThan(0);
    expect(measured.latency.censored).toBe(measured.errors["500"]);
    expect(measured.latency.p99_ms!).toBeGreaterThanOrEqual(1000);
    expect(measured.latency.mean_ms!).toBeLessThan(50);
    expect(judgeLevel(measured, { sloP99Ms: 50 }).valid).toBe(false);
  });

  it("counts a request that times out as a timeout, censored", async () => {
    // Freezes 400 ms after its first request for 1.5 s: requests in flight then time out at 300 ms.
    const measured = await level(await serve({ freezeAfterMs: 400, freezeMs: 1500 }), { connections: 2, timeoutMs: 300, batch: 4 });
    expect(measured.errors.timeout).toBeGreaterThan(0);
    expect(measured.latency.censored).toBeGreaterThanOrEqual(measured.errors.timeout!);
  });
});
