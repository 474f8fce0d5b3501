import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare-runs.js";
import { renderComparisonMarkdown } from "../../src/compare/render-comparison.js";
import type { Distribution, TargetResult } from "../../src/results/types.js";
import { seededRandom } from "../../src/stats/random.js";
import { runCli } from "../support/cli.js";
import { failedTarget, fixtureResults, fixtureTarget, qualifiedTarget } from "../support/results-fixture.js";

const bootstrap = { resamples: 2000, seed: 3, confidence: 0.95 };

/**
 * A target as one run of "the same code" would measure it: 8 session medians per metric
 * around the same true latency with ±4% session-to-session drift, and per-session memory
 * around the same true size with ±4% drift. `slowdown` scales the latencies, `growth` the
 * memory. Only the per-session values matter to `compare`; the rest is the fixture's.
 */
function run(seed: number, slowdown = 1, growth = 1): TargetResult {
  const random = seededRandom(seed);
  const drift = () => 1 + (random() - 0.5) * 0.08;
  const sessions = (scale: number) => Array.from({ length: 8 }, () => scale * drift());
  const base = fixtureTarget("actix-raw", "Rust", "raw", 1);
  const op = (d: Distribution, ms: number): Distribution => ({ ...d, sessions_ms: sessions(ms * slowdown) });
  // Latencies are drawn first, memory after, so the memory draws leave the latencies as they were.
  const single = { create: op(base.single.create, 0.4), read: op(base.single.read, 0.25), update: op(base.single.update, 0.3), delete: op(base.single.delete, 0.2) };
  const bulk = { size: 100, create: op(base.bulk.create, 40), read: op(base.bulk.read, 1), update: op(base.bulk.update, 30), delete: op(base.bulk.delete, 20) };
  const idle = sessions(40 * growth);
  const peak = sessions(48 * growth);
  return { ...base, single, bulk, memory: { ...base.memory!, idle_rss_mb_sessions: idle, peak_rss_mb_sessions: peak } };
}

const verdictsOf = (changes: { unit: string; verdict: string }[], unit: "ms" | "MB") => changes.filter((c) => c.unit === unit).map((c) => c.verdict);

describe("compareRuns", () => {
  it("finds no regression between two runs of the same code", () => {
    const comparison = compareRuns(fixtureResults([run(1)]), fixtureResults([run(2)]), 0.05, bootstrap);
    expect(comparison.changes.length).toBe(10);
    expect(comparison.regressions).toBe(0);
    // The memory sessions differ between the runs (drift), yet the verdict is "no change".
    expect(comparison.changes.find((c) => c.metric === "memory.peak_rss")!.change).not.toBe(0);
    expect(verdictsOf(comparison.changes, "MB")).toEqual(["~", "~"]);
  });

  it("flags 25% more memory as a regression of idle and peak RSS, and leaves latency alone", () => {
    const comparison = compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 1, 1.25)]), 0.05, bootstrap);
    expect(comparison.changes.filter((c) => c.unit === "MB").map((c) => [c.metric, c.verdict])).toEqual([
      ["memory.idle_rss", "regressed"],
      ["memory.peak_rss", "regressed"],
    ]);
    expect(comparison.changes.filter((c) => c.unit === "MB").every((c) => c.change > 0.15 && c.change < 0.35)).toBe(true);
    expect(verdictsOf(comparison.changes, "ms").every((v) => v === "~")).toBe(true);
    expect(comparison.regressions).toBe(2);
  });

  it("calls 25% less memory an improvement", () => {
    const comparison = compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 1, 0.75)]), 0.05, bootstrap);
    expect(verdictsOf(comparison.changes, "MB")).toEqual(["improved", "improved"]);
    expect(comparison.regressions).toBe(0);
  });

  it("flags a 30% slowdown as a regression on every latency metric", () => {
    const comparison = compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 1.3)]), 0.05, bootstrap);
    const latency = comparison.changes.filter((c) => c.unit === "ms");
    expect(latency.every((c) => c.verdict === "regressed")).toBe(true);
    expect(latency.every((c) => c.change > 0.15 && c.change < 0.45)).toBe(true);
    expect(verdictsOf(comparison.changes, "MB")).toEqual(["~", "~"]);
  });

  it("calls a speed-up an improvement, and ignores a change under the threshold", () => {
    expect(compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 0.7)]), 0.05, bootstrap).changes.every((c) => c.unit === "MB" || c.verdict === "improved")).toBe(true);
    expect(compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 1.3)]), 0.5, bootstrap).regressions).toBe(0);
  });

  it("lists targets present in one run only", () => {
    const other = fixtureTarget("flask-raw", "Python", "raw", 2);
    expect(compareRuns(fixtureResults([run(1), other]), fixtureResults([run(2)]), 0.05, bootstrap).unmatched).toEqual(["flask-raw"]);
  });

  it("compares only targets with latency sessions in both runs", () => {
    const failed = failedTarget("actix-raw", "Rust", "raw", "failed-start", "no answer on /health");
    expect(compareRuns(fixtureResults([run(1)]), fixtureResults([failed]), 0.05, bootstrap)).toEqual({
      threshold: 0.05,
      changes: [],
      unmatched: [],
      warnings: ["actix-raw: not compared, no latency sessions in the new run (failed-start)", "no target has latency sessions in both runs: nothing was compared"],
      regressions: 0,
    });
    expect(compareRuns(fixtureResults([qualifiedTarget("actix-raw", "Rust", "raw")]), fixtureResults([run(2)]), 0.05, bootstrap).changes).toEqual([]);
    const partial = { ...run(2, 1.3), status: "partial", stopped_by: "crashed", reason: "exited with code 1" } as TargetResult;
    expect(compareRuns(fixtureResults([run(1)]), fixtureResults([partial]), 0.05, bootstrap).regressions).toBe(8);
  });

  it("warns, without refusing, when the runs differ in database, settings or machine", () => {
    const before = fixtureResults([run(1)]);
    const after = fixtureResults([run(2)]);
    after.config = { ...after.config, database: "postgres", latency: { ...after.config.latency!, blocks: 4, batch: 50, turn: 5 } };
    after.environment = { ...after.environment, cpu_count: 8 };
    const comparison = compareRuns(before, after, 0.05, bootstrap);
    expect(comparison.changes).toHaveLength(10);
    expect(comparison.warnings).toEqual([
      "the runs used different databases (sqlite → postgres): differences include the database's",
      "the runs differ in settings or machine (latency.blocks 10 → 4; latency.batch 20 → 50; latency.turn 2 → 5; environment.cpu_count 2 → 8): a change may come from that, not the code",
    ]);
    expect(compareRuns(before, fixtureResults([run(2)]), 0.05, bootstrap).warnings).toEqual([]);
  });

  it("does not warn when only the number of sessions or the order's seed differ: they change the precision, not what is measured", () => {
    const after = fixtureResults([run(2)]);
    after.config = { ...after.config, latency: { ...after.config.latency!, sessions: 12, order_seed: 99 } };
    expect(compareRuns(fixtureResults([run(1)]), after, 0.05, bootstrap).warnings).toEqual([]);
  });

  it("says nothing was compared, rather than 'no regression', when no target can be compared", () => {
    const text = renderComparisonMarkdown(compareRuns(fixtureResults([run(1)]), fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)]), 0.05, bootstrap), "a.json", "b.json");
    expect(text).toContain("- ⚠ no target has latency sessions in both runs: nothing was compared");
    expect(text).toContain("**Nothing was compared.**");
    expect(text).not.toContain("No significant regression");
  });

  it("renders a Markdown table with the verdicts", () => {
    const text = renderComparisonMarkdown(compareRuns(fixtureResults([run(1)]), fixtureResults([run(2, 1.3)]), 0.05, bootstrap), "a.json", "b.json");
    expect(text).toContain("significant regression(s) beyond 5.0%");
    expect(text).toMatch(/\| actix-raw \| single\.read \| 0\.2\d\d ms \| 0\.3\d\d ms \| \+\d+\.\d% \[/);
    expect(text).toContain("❌ regressed");
  });
});

describe("crudbench compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-compare-"));
  const write = (name: string, target: TargetResult) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(fixtureResults([target])));
    return file;
  };
  const baseline = write("baseline.json", run(1));
  const same = write("same.json", run(2));
  const slower = write("slower.json", run(2, 1.3));

  it("exits 1 on a synthetic regression", async () => {
    const result = await runCli(["compare", baseline, slower, "--threshold", "5%"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("❌ regressed");
  });

  it("exits 0 on two runs of the same code, and prints JSON on request", async () => {
    const result = await runCli(["compare", baseline, same, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).regressions).toBe(0);
  });

  it("exits 2 when the runs share no target to compare, with the reason on stderr", async () => {
    const other = write("other.json", fixtureTarget("flask-raw", "Python", "raw", 2));
    const result = await runCli(["compare", baseline, other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("warning: no target has latency sessions in both runs: nothing was compared");
  });

  it("rejects a bad threshold with exit 2", async () => {
    const result = await runCli(["compare", baseline, same, "--threshold", "five"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--threshold");
  });
});
