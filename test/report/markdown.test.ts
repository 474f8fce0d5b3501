import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { ormPairs, ormVsRawTable, relativeTable } from "../../src/report/report-model.js";
import { formatMs, formatRatio, markdownTable } from "../../src/report/table.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const flaskRaw = fixtureTarget("flask-raw", "Python", "raw", 2);
const flaskOrm = fixtureTarget("flask-orm", "Python", "orm", 4.5);
const fastify = fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5);

describe("report model", () => {
  it("pairs raw and orm targets of the same language only", () => {
    const pairs = ormPairs([flaskRaw, flaskOrm, fastify]);
    expect(pairs.map((p) => [p.raw.name, p.orm.name])).toEqual([["flask-raw", "flask-orm"]]);
  });

  it("computes the ORM / raw ratio per operation from medians", () => {
    const table = ormVsRawTable(ormPairs([flaskRaw, flaskOrm])[0]!, (t) => t.single);
    expect(table.rows.map((row) => row[3])).toEqual(["2.25×", "2.25×", "2.25×", "2.25×"]);
    expect(table.rows[1]).toEqual(["read", "2.00", "4.50", "2.25×"]);
  });

  it("expresses each median as a multiple of the fastest", () => {
    const table = relativeTable([flaskRaw, fastify], (t) => t.single);
    expect(table.rows).toEqual([
      ["flask-raw", "4.00×", "4.00×", "4.00×", "4.00×"],
      ["fastify-raw", "1.00×", "1.00×", "1.00×", "1.00×"],
    ]);
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(fixtureResults([flaskRaw, flaskOrm, fastify]));

  it("has the report's sections", () => {
    for (const heading of ["## Targets", "## Single CRUD latency", "## Bulk operations (100 tasks)", "## Memory", "## ORM vs raw SQL", "### Python: single requests", "### Python: bulk (100 tasks)", "## Environment"]) {
      expect(markdown).toContain(heading);
    }
  });

  it("shows medians, percentiles and memory from the results", () => {
    expect(markdown).toContain("| read | flask-orm | 4.50 |");
    expect(markdown).toContain("| fastify-raw | 3 | 40.0 | 48.5 | 30.0 | 35.0 | 40 |");
  });

  it("explains targets that were not measured, with their failed cases", () => {
    const broken = fixtureTarget("broken-raw", "Go", "raw", 1, {
      status: "failed-conformance",
      reason: "1 conformance case(s) failed: create-returns-task",
      conformance: { passed: 0, failed: 1, cases: [{ id: "create-returns-task", description: "POST answers 201", outcome: "failed", reason: "expected status 201, got 200" }] },
    });
    const text = renderMarkdown(fixtureResults([fastify, broken]));
    expect(text).toContain("### broken-raw: failed-conformance");
    expect(text).toContain("| create-returns-task | POST answers 201 | expected status 201, got 200 |");
    expect(text).not.toContain("## ORM vs raw SQL");
  });

  it("says so when nothing was measured", () => {
    expect(renderMarkdown(fixtureResults([]))).toContain("_No target was measured._");
  });
});

describe("table helpers", () => {
  it("escapes pipes and aligns columns", () => {
    expect(markdownTable({ headers: ["a", "b"], align: ["left", "right"], rows: [["x|y", "1"]] })).toBe("| a | b |\n|---|---:|\n| x\\|y | 1 |");
  });

  it("formats numbers by magnitude", () => {
    expect([formatMs(0.41234), formatMs(3.567), formatMs(48.25), formatMs(1234.4), formatMs(null)]).toEqual(["0.412", "3.57", "48.3", "1234", "–"]);
    expect([formatRatio(2.345), formatRatio(12.34), formatRatio(undefined)]).toEqual(["2.35×", "12.3×", "–"]);
  });
});
