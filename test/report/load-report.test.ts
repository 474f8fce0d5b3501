import { describe, expect, it } from "vitest";
import { calibrationTable } from "../../src/report/load-report.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";
import { crudbenchLevel, fixtureLoad } from "../support/load-fixture.js";

/** The closed-model rows of report.md: generator, then the last three cells (generator CPU, generator-bound flag, verdict). */
function closedRows(load: ReturnType<typeof fixtureLoad>): string[][] {
  const markdown = renderMarkdown(fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load })]));
  return markdown
    .split("\n")
    .filter((line) => /^\| (✗ )?fastify-raw \| (crudbench|wrk) \| \d+ \|/.test(line))
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, "")))
    .map((cells) => [cells[1]!, cells.at(-3)!, cells.at(-2)!, cells.at(-1)!]);
}

describe("load tables", () => {
  it("show what was measured of crudbench's generator, and – for wrk, which is not watched", () => {
    expect(closedRows(fixtureLoad())).toEqual([
      ["crudbench", "35%", "", "valid"],
      ["crudbench", "85%", "⚠ generator-bound", "invalid: the generator used 85% of a core"],
      ["wrk", "–", "–", "valid"],
    ]);
  });

  it("render a generator CPU of 0% as measured, not as missing", () => {
    expect(closedRows({ ...fixtureLoad(), closed: [crudbenchLevel("closed", 1, 0, false)] })).toEqual([["crudbench", "0%", "", "valid"]]);
  });

  it("grey an invalid level and mark its first cell, in both formats", () => {
    const results = fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load: fixtureLoad() })]);
    const markdown = renderMarkdown(results);
    expect(markdown).toContain("| ✗ fastify-raw | crudbench | 8 |");
    expect(markdown).toContain("| fastify-raw | crudbench | 1 |");
    const html = renderHtml(results, []);
    expect(html).toMatch(/<tr class="muted"><td[^>]*>✗ fastify-raw<\/td><td[^>]*>crudbench<\/td><td class="num">8<\/td>/);
    expect(html.match(/<tr class="muted">/g)).toHaveLength(1);
  });

  it("say a p99 is only a lower bound where over 1% of the requests were censored", () => {
    const level = crudbenchLevel("closed", 1, 30, false);
    const censored = { ...level, latency: { ...level.latency, p99_ms: 10_000, censored: 50, p99_lower_bound: true } };
    const markdown = renderMarkdown(fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load: { ...fixtureLoad(), closed: [censored] } })]));
    expect(markdown).toMatch(/\| fastify-raw \| crudbench \| 1 \| [\d.]+ \| [\d.]+ \| > 10000 \|/);
  });

  it("give wrk's calibration ceiling without a CPU figure", () => {
    const [crudbench, , wrk] = fixtureLoad().closed;
    expect(calibrationTable([crudbench!, wrk!]).rows.map((row) => row.at(-1))).toEqual(["35%", "–"]);
  });
});
