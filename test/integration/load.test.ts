import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasMeasurements } from "../../src/results/target-outcome.js";
import type { LoadResults, Results } from "../../src/results/types.js";
import { wrkAvailable } from "../../src/load/wrk.js";
import { findOnPath } from "../../src/lifecycle/command.js";
import { runCli, type CliRun } from "../support/cli.js";

/**
 * One real `crudbench load` run against fastify-raw, read by several tests. Where wrk is
 * installed (the test command installs Debian's package) the wrk path is checked and the
 * no-wrk path is reported as skipped; without wrk, the other way round. Neither passes
 * with nothing checked.
 */
describe("crudbench load", () => {
  const hasWrk = wrkAvailable();
  const engineBuilt = findOnPath("cargo") !== undefined;
  const closedGenerator = engineBuilt ? "crudbench-engine" : "crudbench";
  const out = mkdtempSync(join(tmpdir(), "crudbench-load-"));
  let run: CliRun;
  let results: Results;
  let load: LoadResults;
  let report: string;

  beforeAll(async () => {
    run = await runCli(["load", "-t", "fastify-raw", "--levels", "1,4", "--rates", "100,200", "--duration", "1s", "--warmup-time", "200ms", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    const target = results.targets[0]!;
    if (!hasMeasurements(target) || !target.load) throw new Error(`no load results: ${target.status}`);
    load = target.load;
    report = readFileSync(join(out, "report.md"), "utf8");
  }, 300_000);

  it("measures closed levels, an open rate, the generators' ceilings, and reports them", () => {
    expect(resultsProblems(results)).toEqual([]);
    // A load-only run records no latency configuration rather than made-up zeros.
    expect(results.config.latency).toBeNull();
    expect(results.run.timing).toBeNull();
    expect(results.floor).toBeNull();
    expect(results.config.load).toMatchObject({ levels: [1, 4], rates: [100, 200], duration_ms: 1000, warmup_ms: 200 });
    expect(results.targets[0]).toMatchObject({ status: "measured", sessions_completed: 0, single: null, bulk: null });
    expect(load.mix).toBe("crud");
    // Where cargo builds the native engine, it drives the closed model; else crudbench's Node generator does.
    const crudbenchLevels = load.closed.filter((l) => l.generator === closedGenerator);
    expect(crudbenchLevels.map((l) => l.concurrency)).toEqual([1, 4]);
    for (const level of crudbenchLevels) {
      expect(level.achieved_rps).toBeGreaterThan(0);
      expect(level.errors).toEqual({});
      // crudbench's generator watches itself: measured figures, never null (the engine has no event loop).
      expect(level.generator_cpu_percent).toBeGreaterThanOrEqual(0);
      if (engineBuilt) expect(level.event_loop_delay_p99_ms).toBeNull();
      else expect(level.event_loop_delay_p99_ms).toBeGreaterThanOrEqual(0);
      expect(typeof level.generator_bound).toBe("boolean");
    }
    expect(load.open.map((l) => l.target_rate)).toEqual([100, 200]);
    expect(load.open[0]!.uncorrected_latency).not.toBeNull();
    expect(results.calibration?.map((l) => l.generator)).toEqual(["crudbench", ...(engineBuilt ? ["crudbench-engine"] : []), ...(hasWrk ? ["wrk"] : [])]);
    expect(report).toContain("## Throughput under concurrency");
    // Every level judged, and a load-only report that does not contradict its tables.
    for (const level of [...load.closed, ...load.open]) expect(level.verdict.valid).toBe(level.verdict.reasons.length === 0);
    for (const level of crudbenchLevels) expect(level.verdict.checks.littles_law).toBeGreaterThan(0);
    expect(report).not.toContain("No target was measured");
    expect(report).not.toMatch(/\b0 (round|session)/);
    for (const chart of ["load_throughput", "load_latency_vs_rate", "load_percentiles"]) expect(existsSync(join(out, "charts", `${chart}.png`)), chart).toBe(true);
  });

  it.skipIf(!hasWrk)("drives the closed-model peak and the calibration with wrk, where it is installed", () => {
    const wrkLevels = load.closed.filter((l) => l.generator === "wrk");
    expect(wrkLevels.map((l) => l.concurrency)).toEqual([4]);
    const [level] = wrkLevels;
    expect(level!.achieved_rps).toBeGreaterThan(0);
    expect(level!.errors).toEqual({});
    // Nothing watches wrk itself: its generator figures are unknown, and the report says "–".
    expect(level).toMatchObject({ generator_cpu_percent: null, event_loop_delay_p99_ms: null, dispatch_lag_p99_ms: null, quarters_rps: null, uncorrected_latency: null });
    // What is known of wrk's headroom comes from its own ceiling on the echo server.
    const ceiling = results.calibration!.find((l) => l.generator === "wrk")!.achieved_rps;
    expect(level!.verdict.checks.ceiling_share).toBeCloseTo(level!.achieved_rps / ceiling, 2);
    expect(level!.generator_bound).toBe(level!.achieved_rps / ceiling >= 0.8);
    expect(report).toMatch(/^\| (✗ )?fastify-raw \| wrk \| 4 \|.*\| 0 \| – \| (⚠ generator-bound)? \| (valid|invalid: .+) \|$/m);
  });

  it.skipIf(hasWrk)("measures with crudbench's generator alone where wrk is not installed", () => {
    expect(load.closed.map((l) => [l.generator, l.concurrency])).toEqual([
      [closedGenerator, 1],
      [closedGenerator, 4],
    ]);
    expect(run.stderr).not.toContain("wrk failed");
  });
});
