import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { databaseTitle, ormPairs, ormVsRawTable, relativeTable } from "../../src/report/report-model.js";
import { statementsTable } from "../../src/report/statements-report.js";
import { formatMs, formatRatio, markdownTable } from "../../src/report/table.js";
import { failedConformanceTarget, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const flaskRaw = fixtureTarget("flask-raw", "Python", "raw", 2);
const flaskOrm = fixtureTarget("flask-orm", "Python", "orm", 4.5);
const fastify = fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5);

describe("report model", () => {
  it("pairs raw and orm targets of the same language only", () => {
    const pairs = ormPairs([flaskRaw, flaskOrm, fastify]);
    expect(pairs.map((p) => [p.raw.name, p.orm.name])).toEqual([["flask-raw", "flask-orm"]]);
  });

  it("gives the ORM / raw ratio per operation with its interval and verdict", () => {
    const results = fixtureResults([flaskRaw, flaskOrm]);
    const table = ormVsRawTable(results, ormPairs([flaskRaw, flaskOrm])[0]!, "single");
    expect(table.rows[1]![0]).toBe("read");
    expect(table.rows[1]![1]).toBe("2.00");
    expect(table.rows[1]![2]).toBe("4.50");
    // The fixture stores raw / ORM = 0.444… [×0.99, ×1.01] with p = 2 / 2^8; the table reads it the other way round.
    expect(table.rows[1]![3]).toBe("2.25× [2.23×, 2.27×]");
    expect(table.rows[1]![4]).toBe("ORM slower (p = 0.008)");
  });

  it("expresses each median as a multiple of the fastest, with an interval", () => {
    const results = fixtureResults([flaskRaw, fastify]);
    const table = relativeTable(results, [flaskRaw, fastify], "single");
    expect(table.rows[1]).toEqual(["fastify-raw", "fastest", "fastest", "fastest", "fastest"]);
    expect(table.rows[0]![2]).toBe("4.00× [3.96×, 4.04×]");
  });

  it("marks a difference that is not established with ~", () => {
    const twin = fixtureTarget("fastify-orm", "TypeScript", "orm", 0.5);
    const results = fixtureResults([fastify, twin]);
    expect(ormVsRawTable(results, ormPairs([fastify, twin])[0]!, "single").rows[0]![4]).toBe("~ no difference");
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(fixtureResults([flaskRaw, flaskOrm, fastify]));

  it("has the report's sections", () => {
    for (const heading of ["## Summary", "## Targets", "## Single CRUD latency", "## Bulk operations (100 tasks)", "## Memory", "## ORM vs raw SQL", "### Python: single requests", "### Python: bulk (100 tasks)", "## Environment and configuration"]) {
      expect(markdown).toContain(heading);
    }
  });

  it("shows medians, their intervals with the true coverage, per-session p99 and memory from the results", () => {
    expect(markdown).toContain("| Operation | Target | Median ms | Interval ms (coverage) | p99 ms (sessions) | CV (sessions) | Outliers (within sessions) | n | Errors |");
    expect(markdown).toContain("| read | flask-raw | 2.00 | 1.98–2.02 (99.2%) | 3.00 [2.97–3.03] | 0.6% | 0 | 1600 | 0 |");
    expect(markdown).toContain("| read | flask-raw | 6.00 | 5.94–6.06 (99.2%) | – | 0.6% | 0 | 80 | 0 |");
    expect(markdown).not.toMatch(/95% (CI|confidence|bootstrap)/);
    expect(markdown).toContain("| fastify-raw | 3 | 40.0 | 48.5 | 30.0 | 35.0 | 40 |");
  });

  it("explains targets that were not measured, with their failed cases", () => {
    const broken = failedConformanceTarget("broken-raw", "Go", "raw", [{ id: "create-returns-task", description: "POST answers 201", outcome: "failed", reason: "expected status 201, got 200" }]);
    const text = renderMarkdown(fixtureResults([fastify, broken]));
    expect(text).toContain("### broken-raw: failed-conformance\n\n```text\n1 conformance case(s) failed: create-returns-task\n```");
    expect(text).toContain("| create-returns-task | POST answers 201 | expected status 201, got 200 |");
    expect(text).not.toContain("## ORM vs raw SQL");
  });

  it("says so when nothing was measured", () => {
    expect(renderMarkdown(fixtureResults([]))).toContain("## Summary\n\n- No target was measured.\n\n## Targets");
  });

  it("marks code spans, and escapes prose that would read as Markdown", () => {
    const results = fixtureResults([fixtureTarget("star-raw", "Go", "raw", 1, { warnings: ["body had <b> and *stars*"], statements_per_request: { create: 1, read: 1, update: 1, delete: 1, list: 1 } })]);
    const text = renderMarkdown(results);
    expect(text).toContain("- ⚠ star-raw: body had \\<b> and \\*stars\\*");
    expect(text).toContain("While checked: reported by each target's SQLite driver hook (`CRUDBENCH_SQL_LOG`, spec/README.md;");
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

describe("database in the title", () => {
  it("names SQLite and its settings", () => {
    expect(renderMarkdown(fixtureResults([fastify])).split("\n")[0]).toBe("# crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process)");
  });

  it("names PostgreSQL, who runs it, and its settings", () => {
    const results = fixtureResults([fastify]);
    results.config.database = "postgres";
    results.config.database_server = { version: "15.18", managed: true, settings: { fsync: "on", synchronous_commit: "off", shared_buffers: "128MB", max_connections: "100" } };
    expect(databaseTitle(results)).toBe("PostgreSQL 15.18 (throwaway cluster; fsync=on, synchronous_commit=off, shared_buffers=128MB, max_connections=100; pool 4 per process)");
  });

  it("shows statements per request where the database counted them", () => {
    const orm = fixtureTarget("flask-orm", "Python", "orm", 4.5, { statements_per_request: { create: 3, read: 3, update: 4, delete: 4, list: 3 } });
    expect(statementsTable(fixtureResults([fastify, orm]))?.rows).toEqual([["flask-orm", "orm", "3", "3", "4", "4", "3"]]);
    expect(statementsTable(fixtureResults([fastify]))).toBeUndefined();
  });
});
