import { describe, expect, it } from "vitest";
import { caveatLines, caveatSummaryLines } from "../../src/report/caveats.js";
import { claimsTable } from "../../src/report/claims-report.js";
import { buildReportDocument } from "../../src/report/document.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { markdownTable } from "../../src/report/table.js";
import { fixtureClaims } from "../support/claims-fixture.js";
import { fixtureControl, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

/**
 * What a reader sees first (issue 21): the claims with their verdicts in colour and in words,
 * the warnings that must stay on top, and the caveats folded to one line per target.
 */

/** A noisy run near the harness floor, with two sessions: the kind of run that gave ~40 caveat lines. */
function noisyRun() {
  const fast = fixtureTarget("fastify-raw", "TypeScript", "raw", 0.1, {}, 2);
  fast.single.read = { ...fast.single.read, cv: 0.16, noise: "very-noisy" };
  fast.bulk.create = { ...fast.bulk.create, cv: 0.07, noise: "noisy" };
  fast.bulk.delete = { ...fast.bulk.delete, cv: 0.06, noise: "noisy" };
  fast.warnings = ["restarted once", "slow to stop"];
  const flask = fixtureTarget("flask-raw", "Python", "raw", 2, {}, 2);
  const results = fixtureResults([fast, flask], { latency: { ...fixtureResults([]).config.latency!, sessions: 2 }, control: fixtureControl(2), claims: fixtureClaims() });
  results.floor = { engine: "native", measured: { median_ms: 0.09, p99_ms: 0.2, requests: 1000 }, wrk: null, error: null };
  return results;
}

describe("the caveats, folded", () => {
  const results = noisyRun();

  it("are the run-level warnings in full, then one line per target in a few words", () => {
    expect(caveatSummaryLines(results)).toEqual([
      "⚠ Only 2 session(s): no difference can be called significant (the signed-rank test cannot reach p < 0.05 with fewer than 6 sessions); use --sessions 6 or more for conclusions.",
      "⚠ fastify-raw: very noisy on 3 metrics (up to 16%); 2 medians within 2× of the harness floor; 2 warnings from the run.",
    ]);
  });

  it("keep every sentence in full, folded in a details block of the same section, in both formats", () => {
    const full = caveatLines(results);
    expect(full).toHaveLength(5);
    const section = buildReportDocument(results).sections.find((s) => s.id === "caveats")!;
    expect(section.blocks.map((b) => b.kind)).toEqual(["list", "details"]);
    const details = section.blocks[1]!;
    expect(details.kind === "details" && details.summary).toBe("Every caveat in full (5)");
    const html = renderHtml(results, []);
    expect(html).toContain("<details><summary>Every caveat in full (5)</summary>");
    expect(html).toContain("<li>⚠ fastify-raw: restarted once</li>");
    const markdown = renderMarkdown(results);
    expect(markdown).toContain("<details>\n<summary>Every caveat in full (5)</summary>\n\n- ⚠ Only 2 session(s)");
    expect(markdown).toContain("- ⚠ fastify-raw: slow to stop\n\n</details>");
  });

  it("are not folded when there is nothing to fold", () => {
    const quiet = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)]);
    quiet.config.cpu_pinning = null;
    const section = buildReportDocument(quiet).sections.find((s) => s.id === "caveats")!;
    expect(section.blocks.map((b) => b.kind)).toEqual(["list"]);
  });
});

describe("the claims on the first screen", () => {
  it("come first, each verdict toned in HTML and said in a word in every format", () => {
    const results = noisyRun();
    expect(buildReportDocument(results).sections.slice(0, 3).map((s) => s.id)).toEqual(["claims", "summary", "caveats"]); // no charts given here
    const table = claimsTable(fixtureClaims());
    expect(table.tones).toEqual(["good", "bad", "unsettled", "unknown"]);
    const html = renderHtml(results, []);
    expect(html).toMatch(/<tr class="tone-good"><td[^>]*>rust-vs-python: [^<]*<\/td>.*<td[^>]*>✓ holds<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="tone-bad">.*<td[^>]*>✗ refuted<\/td><\/tr>/);
    // Markdown has no colour: the row reads the same without the tone.
    expect(markdownTable(table)).toBe(markdownTable({ ...table, tones: undefined }));
    expect(renderMarkdown(results)).toContain("| ~ not settled |");
  });

  it("leave the claims out when none were checked", () => {
    expect(buildReportDocument(fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)])).sections.map((s) => s.id)).not.toContain("claims");
  });
});

describe("the alerts above everything", () => {
  it("say that a run is incomplete, and keep the A/A control's warning", () => {
    const wide = fixtureControl(8, { ratio_ci95: [0.9, 1.12], precision: 0.12 });
    const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)], { status: "interrupted", control: wide });
    const alerts = buildReportDocument(results).alerts.map((alert) => alert.join(""));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toBe("⚠ Incomplete run: it was interrupted before every target was measured; the figures below are what was measured until then.");
    expect(alerts[1]).toMatch(/^⚠ The A\/A control interval is wider than ±5%/);
    expect(buildReportDocument(fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)])).alerts).toEqual([]);
  });
});
