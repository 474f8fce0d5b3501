import { describe, expect, it } from "vitest";
import { buildReportDocument } from "../../src/report/document.js";
import { frameworkPairs, frameworkTable, latencyTargetsOf, ormPairs } from "../../src/report/report-model.js";
import { summaryLines } from "../../src/report/report-prose.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

// The fixtures' framework is the name's first word; an ORM target's library is SQLAlchemy.
const nine = () =>
  fixtureResults([
    fixtureTarget("actix-raw", "Rust", "raw", 0.1),
    fixtureTarget("actix-diesel", "Rust", "orm", 0.15, { framework: { name: "actix", version: "4" } }),
    fixtureTarget("fastapi-orm", "Python", "orm", 1.2),
    fixtureTarget("fastify-raw", "TypeScript", "raw", 0.12),
    fixtureTarget("fastify-orm", "TypeScript", "orm", 0.5),
    fixtureTarget("flask-raw", "Python", "raw", 0.4),
    fixtureTarget("flask-orm", "Python", "orm", 0.8),
    fixtureTarget("go-raw", "Go", "raw", 0.11),
    fixtureTarget("go-orm", "Go", "orm", 0.14, { framework: { name: "go", version: "1.26" } }),
  ]);

describe("which targets the report sets side by side", () => {
  it("pairs ORM and raw only on the same framework, so that only the data access differs: one pair per language here", () => {
    const pairs = ormPairs(latencyTargetsOf(nine())).map((p) => `${p.language}: ${p.orm.name} / ${p.raw.name}`);
    expect(pairs).toEqual(["Rust: actix-diesel / actix-raw", "TypeScript: fastify-orm / fastify-raw", "Python: flask-orm / flask-raw", "Go: go-orm / go-raw"]);
  });

  it("pairs targets that share their data access on different frameworks: fastapi-orm against flask-orm, the faster as the baseline", () => {
    const results = nine();
    const pairs = frameworkPairs(latencyTargetsOf(results));
    expect(pairs.map((p) => [p.language, p.library, p.baseline.name, p.candidate.name])).toEqual([["Python", "SQLAlchemy", "flask-orm", "fastapi-orm"]]);
    const table = frameworkTable(results, pairs[0]!, "single");
    expect(table.headers).toEqual(["Operation", "flask-orm median ms", "fastapi-orm median ms", "fastapi / flask [95% interval]", "Verdict"]);
    expect(table.rows.map((row) => row[0])).toEqual(["create", "read", "update", "delete"]);
  });

  it("says the framework's cost in the summary, and gives it a section", () => {
    const results = nine();
    expect(summaryLines(results).filter((line) => line.startsWith("Framework cost"))).toEqual([
      expect.stringMatching(/^Framework cost in Python with SQLAlchemy: fastapi-orm takes [\d.]+×(–[\d.]+×)? the time of flask-orm on single requests; established for \d of 4 comparisons\.$/),
    ]);
    // One sentence for the ORM question, naming every language's pair in turn.
    const orm = summaryLines(results).filter((line) => line.startsWith("ORM cost"));
    expect(orm).toHaveLength(1);
    expect([...orm[0]!.matchAll(/(\w+) [\d.]+×(?:–[\d.]+×)? \((\S+) vs (\S+)\)/g)].map((m) => m.slice(1).join(" "))).toEqual([
      "Rust actix-diesel actix-raw",
      "TypeScript fastify-orm fastify-raw",
      "Python flask-orm flask-raw",
      "Go go-orm go-raw",
    ]);
    const ids = buildReportDocument(results).sections.map((s) => s.id);
    expect(ids).toContain("framework-vs-framework");
    expect(ids).toContain("framework-flask-orm-fastapi-orm-single");
  });

  it("has no framework section without such a pair", () => {
    const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 0.4), fixtureTarget("flask-orm", "Python", "orm", 0.8)]);
    expect(frameworkPairs(latencyTargetsOf(results))).toEqual([]);
    expect(buildReportDocument(results).sections.map((s) => s.id)).not.toContain("framework-vs-framework");
  });
});
