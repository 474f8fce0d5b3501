import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importedResults, quartersFromHistory } from "../../src/load/locust/import-locust.js";
import { quartersFromAnswered } from "../../src/load/locust/answered.js";
import { describeEnvironment } from "../../src/results/environment.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { renderMarkdown } from "../../src/report/markdown.js";

/** Real Locust 2.47.0 output (2 users, 2 s, the crud mix). */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", "locust", name), "utf8");
const runs = [{ prefix: "clean", stats: fixture("clean_stats.csv"), failures: fixture("clean_failures.csv"), history: fixture("clean_stats_history.csv") }];
const results = importedResults(runs, ["clean_stats.csv", "clean_failures.csv", "clean_stats_history.csv"], {
  target: "far",
  mix: "crud",
  sloP99Ms: 50,
  now: new Date("2026-11-30T20:00:00Z"),
  environment: describeEnvironment(),
  toolVersion: "0.0.0",
});

describe("results imported from Locust's files", () => {
  it("hold null, never a placeholder number, where the files do not say, and list each with its reason", () => {
    expect(resultsProblems(results)).toEqual([]);
    const { config } = results;
    const unknown = results.imported!.unknown;
    const nulls: [string, unknown][] = [
      ["config.database", config.database],
      ["config.pool_size", config.pool_size],
      ["config.request_timeout_ms", config.request_timeout_ms],
      ["config.load.duration_ms", config.load!.duration_ms],
      ["config.load.warmup_ms", config.load!.warmup_ms],
      ["config.load.open_connections", config.load!.open_connections],
      ["config.load.seed_tasks", config.load!.seed_tasks],
      ["config.cpu_pinning", config.cpu_pinning],
    ];
    for (const [field, value] of nulls) {
      expect(value, field).toBeNull();
      expect(unknown[field], field).toEqual(expect.any(String));
    }
    const target = results.targets[0]!;
    expect(target.server.processes).toBeNull();
    expect("conformance" in target && target.conformance).toBeNull();
  });

  it("render a report that says they were imported, what is not known, and claims no conformance", () => {
    const report = renderMarkdown(results);
    expect(report).toContain("Imported from Locust's files, not measured by crudbench: the target was not checked against the contract");
    expect(report).toContain("Imported, not measured by crudbench: Locust's CSV files (clean_stats.csv, clean_failures.csv, clean_stats_history.csv)");
    expect(report).toContain("config.load.seed_tasks: each Locust worker seeds its own tasks");
    expect(report).toContain("closed model at 2 connections driven by Locust; no open model");
    expect(report).toContain("far: not checked (imported: crudbench did not run the suite against it).");
    expect(report).toContain("How long each level ran and warmed up is not known");
    expect(report).toContain("The machine that imported the files, not the ones that ran the load");
    expect(report).toContain("database not known (imported from Locust's files)");
    expect(report).toContain("the machines that ran the load are not known");
    expect(report).toContain("Locust drove the load: 0 of 1 level valid; failed checks: Little's law 1 (the load tables give each level's reasons).");
    // Nothing reads as a measured zero or a missing value (above the configuration's JSON, where null is null).
    expect(report.slice(0, report.indexOf("```json"))).not.toMatch(/\b0 seeded tasks|all 0 cases|0 passed|undefined|NaN|\bnull\b|pool 0|not pinned|at start/);
  });
});

/** A history CSV: one row a second from t0, users throughout, the cumulative count given per second. */
function history(counts: readonly number[], users = 4): string {
  const header = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,Total Request Count,Total Failure Count";
  return [header, "99,0,,Aggregated,0,0,0,0", ...counts.map((count, i) => `${100 + i},${users},,Aggregated,0,0,${count},0`)].join("\n");
}
/** Cumulative counts as the master sees them: a worker's report of `perSecond` × 3 every 3 s, nothing between. */
const reportedEvery3s = (seconds: number, perSecond: (t: number) => number) => {
  const counts: number[] = [];
  let total = 0;
  for (let t = 0; t <= seconds; t++) {
    if (t > 0 && t % 3 === 0) for (let s = t - 3; s < t; s++) total += perSecond(s);
    counts.push(total);
  }
  return counts;
};

describe("throughput by quarter from Locust's history", () => {
  it("reads a steady run as steady although the totals move only when a worker reports, every 3 s", () => {
    expect(quartersFromHistory(history(reportedEvery3s(63, () => 100)))).toEqual([100, 100, 100, 100]);
  });

  it("sees a run that doubled its rate halfway", () => {
    const quarters = quartersFromHistory(history(reportedEvery3s(63, (t) => (t < 33 ? 100 : 200))))!;
    expect(quarters[0]).toBe(100);
    expect(quarters[3]).toBe(200);
  });

  it("makes no quarters of a history under a minute, whose reports are too few", () => {
    expect(quartersFromHistory(history(reportedEvery3s(30, () => 100)))).toBeNull();
    expect(quartersFromHistory(fixture("clean_stats_history.csv"))).toBeNull();
  });
});

describe("throughput by quarter from the workers' own counts", () => {
  const steady = (from: number, tenths: number, perTenth: (i: number) => number) => Object.fromEntries(Array.from({ length: tenths }, (_, i) => [String(from + i), perTenth(i)]));

  it("sums the workers' tenths, leaves out the partial first and last, and counts a silent tenth as 0", () => {
    // Two workers, 10 answers a tenth each = 200/s; the edge tenths hold a part of one.
    const a = { ...steady(1000, 42, () => 10), "1000": 3, "1041": 4 };
    const b = steady(1000, 42, () => 10);
    expect(quartersFromAnswered([a, b])).toEqual([200, 200, 200, 200]);
    const stalled: Record<string, number> = { ...a };
    delete stalled["1031"];
    // The last quarter (tenths 1031–1040) lost one tenth of worker a: 190 answers in 1 s.
    expect(quartersFromAnswered([stalled, b])).toEqual([200, 200, 200, 190]);
  });

  it("makes no quarters of under 2 s, or of nothing", () => {
    expect(quartersFromAnswered([steady(1000, 15, () => 10)])).toBeNull();
    expect(quartersFromAnswered([])).toBeNull();
  });
});
