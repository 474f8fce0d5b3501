import { describe, expect, it } from "vitest";
import { buildReportDocument } from "../../src/report/document.js";
import { driftTable } from "../../src/report/drift-report.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { databaseMemoryTable, describeRatio, pValueText } from "../../src/report/report-model.js";
import { caveatLines } from "../../src/report/caveats.js";
import { methodParagraphs, summaryLines } from "../../src/report/report-prose.js";
import type { PairedRatio } from "../../src/results/types.js";
import { FIXTURE_LATENCY, fixtureControl, fixtureMemory, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

/**
 * What issue 14 adds to every report: the A/A control as the run's method precision (and a
 * warning at the very top when it is too wide), paired ratios that may lack an interval, the
 * machine's drift per batch, and the method in words.
 */
const actix = fixtureTarget("actix-raw", "Rust", "raw", 0.1);
const flask = fixtureTarget("flask-raw", "Python", "raw", 1);

describe("the A/A control", () => {
  it("is the summary's last line: the same server measured twice, with its interval", () => {
    expect(summaryLines(fixtureResults([actix, flask])).at(-1)).toBe("Method precision of this run: the same server measured twice: 1.00× [0.99×, 1.01×] (±1.2%, 8 sessions).");
  });

  it("opens the report, above the summary in both formats, when its interval is wider than ±5%", () => {
    const results = fixtureResults([actix, flask], { control: fixtureControl(8, { ratio: 1.01, ratio_ci95: [0.93, 1.08], precision: 0.08 }) });
    const alert = "⚠ The A/A control interval is wider than ±5%: the same server measured twice gave 1.01× [0.93×, 1.08×] (±8.0%), so differences smaller than that are not resolved by this run; the machine was too noisy, or the run too short (more --sessions or --blocks).";
    expect(buildReportDocument(results).alerts).toEqual([[alert]]);
    const markdown = renderMarkdown(results);
    expect(markdown.indexOf(`> **${alert}**`)).toBeGreaterThan(0);
    expect(markdown.indexOf(`> **${alert}**`)).toBeLessThan(markdown.indexOf("## Summary"));
    const html = renderHtml(results, []);
    expect(html.indexOf('<p class="alert" role="alert">⚠ The A/A control interval is wider than ±5%')).toBeGreaterThan(0);
    expect(html.indexOf('<p class="alert"')).toBeLessThan(html.indexOf("<h2"));
  });

  it("raises no alert within ±5%", () => {
    const results = fixtureResults([actix], { control: fixtureControl(8, { precision: 0.05 }) });
    expect(buildReportDocument(results).alerts).toEqual([]);
    expect(renderMarkdown(results)).not.toContain("> **");
  });

  it("says the precision is unknown, and why, when the control is missing or incomplete", () => {
    expect(summaryLines(fixtureResults([actix], { control: null })).at(-1)).toBe("Method precision of this run is unknown: the A/A control was not measured (no latency session ran).");
    const failed = { measured: false as const, reason: "the echo control did not start in session 1: port in use" };
    expect(summaryLines(fixtureResults([actix], { control: failed })).at(-1)).toBe("Method precision of this run is unknown: the echo control did not start in session 1: port in use.");
  });

  it("keeps a measured precision when the control is missing from part of the run, and says where", () => {
    const partial = fixtureControl(7, { missing: "the echo control did not start in session 3: port in use" });
    expect(summaryLines(fixtureResults([actix], { control: partial })).at(-1)).toBe(
      "Method precision of this run: the same server measured twice: 1.00× [0.99×, 1.01×] (±1.2%, 7 sessions). It is missing from part of the run: the echo control did not start in session 3: port in use.",
    );
  });
});

describe("paired ratios", () => {
  const ratio = (overrides: Partial<PairedRatio>): PairedRatio => ({ ratio: 1.1, ratio_ci95: [1.05, 1.15], p_value: 0.004, sessions: 8, blocks: 80, verdict: "slower", ...overrides });

  it("say why there is no interval with a single session", () => {
    expect(describeRatio(ratio({ ratio_ci95: null, p_value: null, sessions: 1, blocks: 10, verdict: "same" }))).toBe("1.10× (no interval: 1 session) ~");
    expect(describeRatio(ratio({}))).toBe("1.10× [1.05×, 1.15×]");
    expect(pValueText(null)).toBe("no p: fewer than two sessions");
  });

  it("in the summary, say there is no interval rather than inventing one", () => {
    const one = (name: string, ms: number) => fixtureTarget(name, "Rust", "raw", ms, {}, 1);
    const results = fixtureResults([one("actix-raw", 0.1), one("axum-raw", 0.2)], { control: null });
    expect(summaryLines(results).find((line) => line.includes(" create: "))).toBe("Fastest create: actix-raw (median 0.200 ms), 2.00× faster than axum-raw (no interval: 1 session) — ~ not established (no p: fewer than two sessions).");
  });

  it("in the summary, never call the lowest median faster when the paired comparison finds it slower", () => {
    const results = fixtureResults([fixtureTarget("actix-raw", "Rust", "raw", 0.1), fixtureTarget("axum-raw", "Rust", "raw", 0.101)]);
    // Session medians put actix-raw lowest; block by block it took 1.03× axum-raw's time.
    results.comparisons = results.comparisons.map((c) => (c.metric === "single.create" ? { ...c, candidate: "actix-raw", baseline: "axum-raw", ratio: 1.03, ratio_ci95: [1.01, 1.05], p_value: 0.002, verdict: "slower" } : c));
    expect(summaryLines(results).find((line) => line.includes(" create: "))).toBe("Lowest median create: actix-raw (median 0.200 ms), but paired block by block it takes 1.03× [1.01×, 1.05×] the time of axum-raw: slower (p = 0.002).");
  });
});

describe("drift", () => {
  it("counts each target's batches and those inside a steal spike, with the typical steal and CPU pressure", () => {
    const results = fixtureResults([actix, flask]);
    const flaskBatches = results.batches.filter((b) => b.target === "flask-raw");
    for (const batch of flaskBatches.slice(0, 3)) Object.assign(batch, { steal_spike: true, steal: 0.3 });
    results.batches.find((b) => b.target === "echo-a")!.steal_spike = true;
    for (const batch of results.batches.filter((b) => b.target === "actix-raw")) Object.assign(batch, { steal: null, cpu_pressure: null });
    expect(driftTable(results)!.rows).toEqual([
      ["echo-a", "80", "1", "1.0%", "2.0%"],
      ["echo-b", "80", "0", "1.0%", "2.0%"],
      ["actix-raw", "640", "0", "–", "–"],
      ["flask-raw", "640", "3", "1.0%", "2.0%"],
    ]);
    expect(caveatLines(results)).toEqual([
      "⚠ 4 of 1440 batches ran inside a steal spike (≥ 10% of the CPUs' time stolen by the hypervisor): echo-a (1), flask-raw (3); their medians may be slow, and a target with many of them is compared less exactly (see Drift).",
    ]);
  });

  it("is left out when no batch was recorded", () => {
    const results = fixtureResults([actix], { latency: null });
    expect(driftTable(results)).toBeUndefined();
  });
});

describe("the method", () => {
  const results = fixtureResults([actix, flask], { latency: { ...FIXTURE_LATENCY, order_seed: 4242 } });
  results.run.latency_s = 125.4;
  const [, latency, estimators, memory] = methodParagraphs(results);

  it("says how sessions, blocks, batches and the order are built, from the run's configuration", () => {
    expect(latency).toContain("Latency: 8 sessions × 10 blocks.");
    expect(latency).toContain("warmed up with 1000 mixed requests (create, read, update, delete in turn) and 2 bulk repetition(s)");
    expect(latency).toContain("20 timed sequential requests over one keep-alive connection, sent in turns: the targets take turns, each sending 2 untimed re-warm request(s) then up to 2 timed ones");
    expect(latency).toContain("one bulk repetition of 100 tasks per operation");
    expect(latency).toContain("a Williams design, seed 4242");
    expect(latency).toContain("fresh database");
    expect(latency).toContain("The sessions took 2 min 05 s in all.");
  });

  it("says when the batches ran whole instead of in turns", () => {
    const whole = fixtureResults([actix, flask], { latency: { ...FIXTURE_LATENCY, turn: FIXTURE_LATENCY.batch } });
    expect(methodParagraphs(whole)[1]).toContain("20 timed sequential requests over one keep-alive connection, after 2 untimed re-warm request(s); the targets' batches run whole, one after another");
  });

  it("says how often bulk repetitions run when not in every block", () => {
    const sparse = fixtureResults([actix, flask], { latency: { ...FIXTURE_LATENCY, bulk_every: 2 } });
    expect(methodParagraphs(sparse)[1]).toContain("and in every 2nd block one bulk repetition of 100 tasks per operation");
    const third = fixtureResults([actix, flask], { latency: { ...FIXTURE_LATENCY, bulk_every: 3 } });
    expect(methodParagraphs(third)[1]).toContain("and in every 3rd block one bulk repetition");
  });

  it("names the paired estimators and the intervals' true coverage, never a 95% median interval", () => {
    expect(estimators).toContain("per block, log(median ratio)");
    expect(estimators).toContain("per session, the median of its blocks");
    expect(estimators).toContain("a 95% t-interval (S − 1 degrees of freedom) and a Wilcoxon signed-rank test");
    expect(estimators).toContain("an order-statistic interval");
    expect(estimators).toContain("labelled with its exact coverage");
    expect(estimators).toContain("with fewer than 6 sessions nothing can be significant");
    expect(memory).toContain("per session");
  });
});

describe("database server memory", () => {
  it("is one row for the whole run, from results.database_memory", () => {
    const results = fixtureResults([actix], { database_memory: { ...fixtureMemory(30, 31), processes: 6 } });
    expect(databaseMemoryTable(results)!.rows).toEqual([["all targets, during the sessions", "6", "30.0", "31.0", "30.0", "35.0"]]);
    expect(databaseMemoryTable(fixtureResults([actix]))).toBeUndefined();
  });
});
