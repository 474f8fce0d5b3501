import { describe, expect, it } from "vitest";
import { buildReportDocument } from "../../src/report/document.js";
import { caveatLines } from "../../src/report/caveats.js";
import { measuredStatementsNote, measuredStatementsTable, measuredStatementTargets, statementFlags } from "../../src/report/statements-report.js";
import { CRUD_OPERATIONS } from "../../src/results/types.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const checked = { create: 2, read: 1, update: 2, delete: 2, list: 1 };

/** A PostgreSQL target whose statements were counted while measured: as checked, but for `differing` (one more per 50 requests). */
function countedTarget(name: string, differing: readonly string[] = []) {
  const target = fixtureTarget(name, "Python", name.endsWith("orm") ? "orm" : "raw", 1, { statements_per_request: checked });
  for (const group of ["single", "bulk"] as const) {
    for (const operation of CRUD_OPERATIONS) {
      const conformance = checked[group === "bulk" && operation === "read" ? "list" : operation];
      const extra = differing.includes(`${group}.${operation}`) ? 0.02 : 0;
      target[group][operation].statements = { per_request: conformance + extra, sessions: [conformance + extra], requests: 500, conformance, differs: extra > 0 };
    }
  }
  return target;
}

function postgresRun(...targets: ReturnType<typeof countedTarget>[]) {
  const results = fixtureResults(targets, { statement_counting: { method: "pg_stat_statements", reason: null } });
  results.config.database = "postgres";
  return results;
}

describe("statements per request while measured", () => {
  it("shows one row per target with the bulk read as a list, and flags a count that differs from the check", () => {
    const results = postgresRun(countedTarget("flask-raw"), countedTarget("flask-orm", ["single.update"]));
    const table = measuredStatementsTable(results, measuredStatementTargets(results));
    expect(table.headers).toEqual(["Target", "single create", "single read", "single update", "single delete", "bulk create", "bulk list", "bulk update", "bulk delete"]);
    expect(table.rows).toEqual([
      ["flask-raw", "2", "1", "2", "2", "2", "1", "2", "2"],
      ["flask-orm", "2", "1", "⚑ 2.02 (checked: 2)", "2", "2", "1", "2", "2"],
    ]);
    expect(statementFlags(results)).toEqual(["flask-orm single update: 2.02 statements per request while measured, 2 while checked"]);
    expect(caveatLines(results).some((line) => line.includes("differ from the check") && line.includes("flask-orm single update"))).toBe(true);
  });

  it("raises no caveat when every count agrees, and says how they were counted", () => {
    const results = postgresRun(countedTarget("flask-raw"));
    expect(statementFlags(results)).toEqual([]);
    expect(caveatLines(results).some((line) => line.includes("differ from the check"))).toBe(false);
    expect(measuredStatementsNote(results)).toContain("pg_stat_statements");
  });

  it("says why they were not counted while measured, and shows no table for it", () => {
    const results = fixtureResults([fixtureTarget("flask-orm", "Python", "orm", 1, { statements_per_request: checked })]);
    expect(measuredStatementTargets(results)).toEqual([]);
    expect(measuredStatementsNote(results)).toBe("While measured: not counted (SQLite has no server-side statement statistics).");
    const section = buildReportDocument(results).sections.find((s) => s.id === "statements")!;
    expect(section.blocks.map((block) => block.kind)).toEqual(["paragraph", "table", "paragraph"]);
  });
});
