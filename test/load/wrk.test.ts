import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIXES, REQUEST_KINDS, type MixName } from "../../src/load/mix.js";
import { parseWrkOutput, runWrkLevel, wrkAvailable, wrkLevel, wrkMixScript, type WrkSummary } from "../../src/load/wrk.js";
import { startCountingTaskServer } from "../fixtures/wrk/counting-task-server.js";

/** A 2-second level: 10 000 completed responses, nothing failed. */
const CLEAN: WrkSummary = { requests: 10_000, duration_us: 2_000_000, status: 0, timeout: 0, connect: 0, read: 0, write: 0, p50: 500, p90: 900, p99: 2500, p999: 4000, max: 9000 };

describe("wrk's summary", () => {
  it("reads the script's JSON line, not wrk's text, and insists on every field", () => {
    const stdout = `Running 2s test @ http://127.0.0.1:1\n  1 threads and 8 connections\nCRUDBENCH ${JSON.stringify(CLEAN)}\n`;
    expect(parseWrkOutput(stdout)).toEqual(CLEAN);
    expect(() => parseWrkOutput("no summary")).toThrow(/no summary/);
    const { p99: _, ...withoutP99 } = CLEAN;
    expect(() => parseWrkOutput(`CRUDBENCH ${JSON.stringify(withoutP99)}`)).toThrow(/lacks p99/);
  });

  it("keeps wrk's percentiles when every response was a success, never its mean (of a corrected histogram)", () => {
    const level = wrkLevel(CLEAN, 8);
    expect(level).toMatchObject({ generator: "wrk", concurrency: 8, achieved_rps: 5000, errors: {} });
    expect(level.latency).toMatchObject({ count: 10_000, censored: 0, p99_lower_bound: false, mean_ms: null, p50_ms: 0.5, p90_ms: 0.9, p99_ms: 2.5, p999_ms: 4, max_ms: 9 });
    expect(level.latency.spectrum.at(-1)).toEqual({ percentile: 100, ms: 9 });
  });

  it("does not subtract socket errors from the completed requests again", () => {
    // The 40 requests lost to socket errors never completed: wrk's 10 000 are all answers.
    const level = wrkLevel({ ...CLEAN, connect: 10, read: 25, write: 5 }, 8);
    expect(level.achieved_rps).toBe(5000);
    expect(level.errors).toEqual({ network: 40 });
    expect(level.latency).toMatchObject({ count: 10_040, censored: 40, p99_lower_bound: false, p99_ms: 2.5 });
  });

  it("counts late responses as failed: they completed, and are in wrk's requests", () => {
    const level = wrkLevel({ ...CLEAN, timeout: 200 }, 8);
    expect(level.achieved_rps).toBe(4900);
    // Late answers are not in wrk's histogram: the percentiles are of answers, a lower bound past 1% censored.
    expect(level.latency).toMatchObject({ count: 10_000, censored: 200, p99_lower_bound: true, p99_ms: 2.5, mean_ms: null });
  });

  it("leaves the latency unknown once a response failed with a status: wrk's histogram holds it", () => {
    const level = wrkLevel({ ...CLEAN, status: 5, timeout: 1 }, 8);
    expect(level.achieved_rps).toBe(4997);
    expect(level.errors).toEqual({ "non-2xx": 5, timeout: 1 });
    expect(level.latency).toEqual({ count: 10_000, censored: 6, mean_ms: null, p50_ms: null, p90_ms: null, p99_ms: null, p999_ms: null, max_ms: null, spectrum: [], p99_lower_bound: false });
  });

  it("reports what nothing watched as unknown, not 0 or false", () => {
    expect(wrkLevel(CLEAN, 8)).toMatchObject({ quarters_rps: null, dispatch_lag_p99_ms: null, generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null, uncorrected_latency: null, target_rate: null });
  });
});

/** The branches of a script's `request`: the kind each roll below a bound picks. */
function scriptShares(script: string): Record<string, number> {
  const shares: Record<string, number> = {};
  let below = 0;
  for (const [, bound, kind] of script.matchAll(/(?:if|elseif) roll < ([\d.]+) then kind = "(\w+)"/g)) {
    shares[kind!] = Number(bound) - below;
    below = Number(bound);
  }
  const last = /else kind = "(\w+)" end|local kind = "(\w+)"/.exec(script);
  if (last) shares[(last[1] ?? last[2])!] = 100 - below;
  return shares;
}

describe("wrk's mix script", () => {
  it.each(["read", "write", "crud"] as MixName[])("follows the %s mix's shares, in the planner's order", (mix) => {
    const expected = Object.fromEntries(REQUEST_KINDS.filter((kind) => MIXES[mix][kind] > 0).map((kind) => [kind, MIXES[mix][kind]]));
    expect(scriptShares(wrkMixScript(mix, [1, 2, 3]))).toEqual(expected);
  });

  it("learns created ids only where the mix deletes, and reads and updates only seeded ids", () => {
    const read = wrkMixScript("read", [7, 11]);
    expect(read).toContain("local seeded = { 7, 11 }");
    expect(read).not.toContain("function response");
    expect(read).not.toContain('"DELETE"');
    const crud = wrkMixScript("crud", [7, 11]);
    expect(crud).toContain("function response(status, headers, body)");
    expect(crud).toContain("if status == 201 then");
    expect(crud).toContain('if kind == "delete" and #created == 0 then kind = "create" end');
    expect(crud).toContain('return wrk.format("DELETE", "/tasks/" .. take_created())');
    expect(crud).toContain('return wrk.format("GET", "/tasks/" .. seeded_id())');
    expect(() => wrkMixScript("crud", [])).toThrow(RangeError);
  });
});

describe.skipIf(!wrkAvailable())("wrk against a Task API", () => {
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-wrk-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const seededIds = [101, 205, 333, 480];

  it.each([
    ["crud", 1000],
    ["write", 0],
  ] as [MixName, number][])("sends the %s mix's requests in its shares, deleting only tasks it created (warm-up %d ms)", async (mix, warmupMs) => {
    const server = await startCountingTaskServer(seededIds);
    try {
      const level = await runWrkLevel({ baseUrl: server.baseUrl, mix, seededIds, connections: 4, warmupMs, durationMs: 2000, timeoutMs: 5000, workDir });
      const { byMethod, ...rules } = server.counts;
      expect(rules).toEqual({ unseededReadOrUpdate: 0, badDelete: 0, badBody: 0 });
      expect(level.errors).toEqual({});
      const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(1000);
      const share = (method: string) => ((byMethod[method] ?? 0) / total) * 100;
      const shares = MIXES[mix];
      // Tolerant bounds: a delete with nothing created yet becomes a create.
      expect(share("GET")).toBeCloseTo(shares.read, -0.5);
      expect(share("PUT")).toBeCloseTo(shares.update, -0.5);
      expect(share("DELETE")).toBeGreaterThan(shares.delete * 0.8);
      expect(share("DELETE")).toBeLessThan(shares.delete * 1.2);
      expect(share("POST")).toBeCloseTo(shares.create, -0.5);
      // The warm-up's requests reached the server but are not in the measured level. (In
      // requests, not as a share of the level's: a busy machine can slow one run more than the
      // other, but a second of wrk against an in-memory server sends far more than 200.)
      if (warmupMs > 0) expect(total - level.latency.count).toBeGreaterThan(200);
      else expect(total).toBeLessThan(level.latency.count * 1.05);
    } finally {
      await server.close();
    }
  });
});
