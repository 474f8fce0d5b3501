import { describe, expect, it } from "vitest";
import { calibrationTable } from "../../src/report/load-report.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";
import { crudbenchLevel, fixtureLoad } from "../support/load-fixture.js";

/** The closed-model rows of report.md: generator, then the last two cells (generator CPU, generator-bound flag). */
function closedRows(load: ReturnType<typeof fixtureLoad>): string[][] {
  const markdown = renderMarkdown(fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load })]));
  return markdown
    .split("\n")
    .filter((line) => /^\| fastify-raw \| (crudbench|wrk) \| \d+ \|/.test(line))
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, "")))
    .map((cells) => [cells[1]!, cells.at(-2)!, cells.at(-1)!]);
}

describe("load tables", () => {
  it("show what was measured of crudbench's generator, and – for wrk, which is not watched", () => {
    expect(closedRows(fixtureLoad())).toEqual([
      ["crudbench", "35%", ""],
      ["crudbench", "85%", "⚠ generator-bound"],
      ["wrk", "–", "–"],
    ]);
  });

  it("render a generator CPU of 0% as measured, not as missing", () => {
    expect(closedRows({ ...fixtureLoad(), closed: [crudbenchLevel("closed", 1, 0, false)] })).toEqual([["crudbench", "0%", ""]]);
  });

  it("give wrk's calibration ceiling without a CPU figure", () => {
    const [crudbench, , wrk] = fixtureLoad().closed;
    expect(calibrationTable([crudbench!, wrk!]).rows.map((row) => row.at(-1))).toEqual(["35%", "–"]);
  });
});
