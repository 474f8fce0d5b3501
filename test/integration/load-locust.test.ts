import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasMeasurements } from "../../src/results/target-outcome.js";
import type { Results } from "../../src/results/types.js";
import { runCli } from "../support/cli.js";

/**
 * `crudbench load --engine locust` against fastify-raw: Locust's master and 2 workers drive
 * one closed level and one paced open level (each a 1 s warm-up run, then 3 s measured).
 */
describe("crudbench load --engine locust", () => {
  const out = mkdtempSync(join(tmpdir(), "crudbench-load-locust-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("measures the closed level with Locust, records the engine, and reports it", async () => {
    const run = await runCli(["load", "-t", "fastify-raw", "--engine", "locust", "--workers", "2", "--levels", "2", "--rate", "300", "--open-connections", "4", "--duration", "3s", "--warmup-time", "1s", "--no-wrk", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    expect(results.config.load).toMatchObject({ engine: "locust", locust_workers: 2, levels: [2], rates: [300] });
    const target = results.targets[0]!;
    if (!hasMeasurements(target) || !target.load) throw new Error(`no load results: ${target.status}`);
    // The open level asked for, paced by Locust: its latency uncorrected, the corrected unknown, no sustainable rate.
    const [paced] = target.load.open;
    expect(paced).toMatchObject({ generator: "locust", model: "open", target_rate: 300, concurrency: 4, errors: {}, latency: { p99_ms: null } });
    expect(paced!.uncorrected_latency?.p99_ms).toEqual(expect.any(Number));
    expect(paced!.achieved_rps).toBeGreaterThan(300 * 0.9);
    expect(paced!.achieved_rps).toBeLessThan(300 * 1.1);
    expect(target.load.sustainable_rps).toBeNull();
    // Locust's own ceiling on the echo server, beside the other generators'; its locustfile's checks accept the echo's answers.
    const ceiling = results.calibration?.find((level) => level.generator === "locust");
    expect(ceiling).toMatchObject({ concurrency: 2, errors: {} });
    const [level] = target.load.closed;
    expect(level).toMatchObject({ generator: "locust", concurrency: 2, errors: {}, generator_cpu_percent: null, dispatch_lag_p99_ms: null });
    expect(level!.achieved_rps).toBeGreaterThan(0);
    // Its throughput by quarter, from both workers' own counts per tenth of a second.
    expect(level!.quarters_rps).toHaveLength(4);
    expect(Math.min(...level!.quarters_rps!), JSON.stringify(level!.quarters_rps)).toBeGreaterThan(0);
    // Its headroom is judged by that ceiling.
    expect(level!.verdict.checks.ceiling_share).toBeCloseTo(level!.achieved_rps / ceiling!.achieved_rps, 2);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toMatch(/fastify-raw \| locust \| 2 \|/);
    expect(report).toContain("not established (Locust's latency is not corrected for coordinated omission)");
  }, 300_000);
});
