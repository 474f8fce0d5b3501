import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installLocust } from "../../src/load/locust/install.js";
import { runLocustLevel } from "../../src/load/locust/run-locust.js";
import { judged } from "../../src/stats/load-verdict.js";
import { startCountingTaskServer } from "../fixtures/wrk/counting-task-server.js";
import { FakeTaskApi } from "../support/fake-task-api.js";

/**
 * Real Locust (installed from src/load/locust/requirements.txt on first use), a master and two
 * workers on loopback, against servers in this process: a few seconds per level.
 */
describe("a Locust level, master and 2 workers", () => {
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-locust-"));
  let locust: string;
  beforeAll(async () => {
    locust = await installLocust(join(workDir, "install.log"));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("sends the crud mix, deletes only tasks it created, and imports the level with no failure", async () => {
    const seeded = Array.from({ length: 50 }, (_, i) => i + 1);
    const server = await startCountingTaskServer(seeded);
    try {
      const level = await runLocustLevel({ locust, baseUrl: server.baseUrl, mix: "crud", seededIds: seeded, connections: 4, workers: 2, warmupMs: 0, durationMs: 2000, timeoutMs: 5000, workDir });
      expect(level.generator).toBe("locust");
      expect(level.errors).toEqual({});
      expect(level.latency.censored).toBe(0);
      expect(level.latency.count).toBeGreaterThan(100);
      expect(level.achieved_rps).toBeGreaterThan(50);
      expect(level.latency.mean_ms).not.toBeNull();
      expect(level.latency.p99_ms).not.toBeNull();
      expect(server.counts.badDelete).toBe(0);
      expect(server.counts.unseededReadOrUpdate).toBe(0);
      expect(server.counts.badBody).toBe(0);
      expect(Object.keys(server.counts.byMethod).sort()).toEqual(["DELETE", "GET", "POST", "PUT"]);
      const verdict = judged(level, { sloP99Ms: 50 }).verdict;
      // What Locust cannot tell is not checked, not zero.
      expect(verdict.checks.generator_cpu_percent).toBeNull();
      expect(verdict.checks.dispatch_lag_share).toBeNull();
      expect(verdict.checks.stability).toBeNull();
      expect(verdict.checks.littles_law).not.toBeNull();
    } finally {
      await server.close();
    }
  });

  it("counts a server's 500s and wrong ids by cause, with no percentiles", async () => {
    const fake = await FakeTaskApi.start();
    try {
      const seeded: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${fake.baseUrl}/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: `seed ${i}` }) });
        seeded.push(((await response.json()) as { id: number }).id);
      }
      fake.inject({ kind: "answer", status: 500, method: "PUT" });
      fake.inject({ kind: "answer", status: 200, method: "GET", body: JSON.stringify({ id: 999_999, title: "x", description: null, completed: false, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }), contentType: "application/json" });
      const level = await runLocustLevel({ locust, baseUrl: fake.baseUrl, mix: "crud", seededIds: seeded, connections: 2, workers: 2, warmupMs: 0, durationMs: 1000, timeoutMs: 5000, workDir });
      expect(Object.keys(level.errors).sort()).toEqual(["500", "invalid-body"]);
      expect(level.errors["500"]! + level.errors["invalid-body"]!).toBe(level.latency.censored);
      // 70% reads answered with the wrong id, 15% updates answered 500.
      expect(level.errors["invalid-body"]!).toBeGreaterThan(level.errors["500"]!);
      expect(level.latency.p99_ms).toBeNull();
      expect(level.latency.mean_ms).toBeNull();
      expect(level.latency.spectrum).toEqual([]);
      expect(judged(level, { sloP99Ms: 50 }).verdict.valid).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it("counts requests that timed out and connections cut without an answer by cause", async () => {
    const fake = await FakeTaskApi.start();
    try {
      const seeded: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${fake.baseUrl}/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: `seed ${i}` }) });
        seeded.push(((await response.json()) as { id: number }).id);
      }
      fake.inject({ kind: "hang", method: "PUT" });
      fake.inject({ kind: "drop", method: "POST" });
      const level = await runLocustLevel({ locust, baseUrl: fake.baseUrl, mix: "crud", seededIds: seeded, connections: 2, workers: 2, warmupMs: 0, durationMs: 2000, timeoutMs: 300, workDir });
      expect(Object.keys(level.errors).sort()).toEqual(["network", "timeout"]);
    } finally {
      await fake.close();
    }
  });
});
