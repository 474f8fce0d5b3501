import { describe, expect, it } from "vitest";
import { caveatLines } from "../../src/report/caveats.js";
import { summaryLines } from "../../src/report/report-prose.js";
import { findComparison } from "../../src/stats/comparisons.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

/**
 * The summary and the caveats are what a reader takes away in 30 seconds: their sentences
 * are pinned exactly, from fixtures whose medians are exact (results-fixture.ts).
 */
const pythonRaw = fixtureTarget("flask-raw", "Python", "raw", 1);
const pythonOrm = fixtureTarget("flask-orm", "Python", "orm", 2, { memory: { ...pythonRaw.memory!, peak_rss_mb: 90 } });
const rust = fixtureTarget("actix-raw", "Rust", "raw", 0.1, { memory: { ...pythonRaw.memory!, peak_rss_mb: 7.4 } });

describe("summaryLines", () => {
  const results = fixtureResults([pythonRaw, pythonOrm, rust]);
  const lines = summaryLines(results);

  it("names the fastest target per operation against the slowest, with the interval", () => {
    const read = findComparison(results.comparisons, "single.read", "actix-raw", "flask-orm")!;
    expect(read.ratio).toBeCloseTo(0.05, 3);
    expect(lines[4]).toMatch(/^Fastest read: actix-raw \(median 0\.100 ms\), 20\.0× faster than flask-orm \[\d+\.\d×, \d+\.\d×\]\.$/);
    expect(lines.filter((line) => line.startsWith("Fastest "))).toHaveLength(4);
  });

  it("answers the questions people ask first: language, ORM cost, memory", () => {
    expect(lines.slice(0, 3)).toEqual([
      "Language (raw SQL, single requests): Rust (actix-raw) answers 10.0× faster than Python (flask-raw); established for 4 of 4 comparisons.",
      "ORM cost (single requests, same framework; ORM time ÷ raw SQL time): Python 2.00× (flask-orm vs flask-raw); established for 4 of 4 comparisons.",
      "Memory (peak RSS): lowest actix-raw 7.4 MB, highest flask-orm 90.0 MB; lowest per language: Rust 7.4 MB (actix-raw), Python 48.5 MB (flask-raw).",
    ]);
  });

  it("says so when nothing was measured", () => {
    expect(summaryLines(fixtureResults([]))).toEqual(["No target was measured."]);
  });
});

describe("caveatLines", () => {
  it("is empty for a pinned, quiet, eight-session run", () => {
    expect(caveatLines(fixtureResults([pythonRaw, rust]))).toEqual([]);
  });

  it("warns about shared CPUs, and about noise once per target, led by its worst metric", () => {
    const noisy = fixtureTarget("flask-raw", "Python", "raw", 1);
    noisy.single.read = { ...noisy.single.read, cv: 0.07, noise: "noisy" };
    noisy.single.create = { ...noisy.single.create, cv: 0.06, noise: "noisy" };
    noisy.bulk.update = { ...noisy.bulk.update, cv: 0.15, noise: "very-noisy" };
    noisy.bulk.delete = { ...noisy.bulk.delete, cv: 0.12, noise: "very-noisy" };
    const other = fixtureTarget("flask-orm", "Python", "orm", 2);
    other.single.read = { ...other.single.read, cv: 0.07, noise: "noisy" };
    const results = fixtureResults([noisy, other, rust]);
    results.config.cpu_pinning = null;
    expect(caveatLines(results)).toEqual([
      "⚠ The harness and the targets shared CPUs: the load generator competed with the target.",
      "⚠ Very noisy: flask-raw varies up to 15% between sessions (worst: bulk update, above 10%); 3 other metrics above 5%.",
      "⚠ Noisy: flask-orm varies up to 7.0% between sessions (worst: single read, above 5%).",
    ]);
  });
});

describe("findComparison", () => {
  it("returns the stored direction, or the reverse one inverted with its interval and verdict flipped", () => {
    const results = fixtureResults([pythonRaw, pythonOrm]);
    const stored = results.comparisons.find((c) => c.metric === "single.read")!;
    const same = findComparison(results.comparisons, "single.read", stored.candidate, stored.baseline)!;
    expect(same).toBe(stored);
    const flipped = findComparison(results.comparisons, "single.read", stored.baseline, stored.candidate)!;
    // findComparison rounds what it inverts to 4 decimals, as results.json stores ratios.
    expect(flipped.ratio).toBeCloseTo(1 / stored.ratio, 4);
    expect(flipped.ratio_ci95![0]).toBeCloseTo(1 / stored.ratio_ci95![1], 4);
    expect(flipped.ratio_ci95![1]).toBeCloseTo(1 / stored.ratio_ci95![0], 4);
    expect(flipped.verdict).toBe(stored.verdict === "slower" ? "faster" : "slower");
    expect(findComparison(results.comparisons, "single.read", "flask-raw", "nobody")).toBeUndefined();
  });
});
