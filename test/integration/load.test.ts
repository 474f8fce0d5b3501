import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resultsProblems } from "../../src/results/read-results.js";
import { hasMeasurements } from "../../src/results/target-outcome.js";
import type { Results } from "../../src/results/types.js";
import { wrkAvailable } from "../../src/load/wrk.js";
import { runCli } from "../support/cli.js";

describe("crudbench load", () => {
  it("measures closed levels, an open rate, the generators' ceilings, and reports them", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-load-"));
    const run = await runCli(["load", "-t", "fastify-raw", "--levels", "1,4", "--rates", "100,200", "--duration", "1s", "--warmup-time", "200ms", "--out", out]);
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Results;
    expect(resultsProblems(results)).toEqual([]);
    // A load-only run records no latency configuration rather than made-up zeros.
    expect(results.config.latency).toBeNull();
    expect(results.config.load).toMatchObject({ levels: [1, 4], rates: [100, 200], duration_ms: 1000, warmup_ms: 200 });
    const target = results.targets[0]!;
    if (!hasMeasurements(target) || !target.load) throw new Error(`no load results: ${target.status}`);
    expect(target).toMatchObject({ status: "measured", rounds_completed: 0, single: null, bulk: null });
    const load = target.load;
    expect(load.mix).toBe("crud");
    const crudbenchLevels = load.closed.filter((l) => l.generator === "crudbench");
    expect(crudbenchLevels.map((l) => l.concurrency)).toEqual([1, 4]);
    for (const level of crudbenchLevels) {
      expect(level.achieved_rps).toBeGreaterThan(0);
      expect(level.errors).toEqual({});
    }
    expect(load.open.map((l) => l.target_rate)).toEqual([100, 200]);
    expect(load.open[0]!.uncorrected_latency).not.toBeNull();
    expect(results.calibration?.[0]?.generator).toBe("crudbench");
    // wrk is used wherever Debian's package is installed (the test command installs it).
    expect(load.closed.some((l) => l.generator === "wrk")).toBe(wrkAvailable());
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("## Throughput under concurrency");
    for (const chart of ["load_throughput", "load_latency_vs_rate", "load_percentiles"]) expect(existsSync(join(out, "charts", `${chart}.png`)), chart).toBe(true);
  });
});
