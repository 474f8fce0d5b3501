import { describe, expect, it } from "vitest";
import { costNotes, costTable, costTargets } from "../../src/report/cost-report.js";
import { fixtureBuildCost, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

describe("the cost to build and run", () => {
  it("puts each target's source, dependencies, prepare, size on disk, cold start and idle memory in one row", () => {
    const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)]);
    expect(costTable(results, costTargets(results)).rows).toEqual([["flask-raw", "1,200 Python", "150 / 200", "4 / 12", "6.5 s (2026-11-26)", "40.0", "200 (198–202)", "300 (297–303)", "40.0"]]);
  });

  it("says a prepare happened in this run, lists several languages, and explains every empty cell", () => {
    const cost = fixtureBuildCost();
    const mixed = {
      ...cost,
      lines: { ...cost.lines!, code: 1230, languages: [{ language: "Rust", files: 5, code: 1200, comment: 100, blank: 150 }, { language: "SQL", files: 1, code: 30, comment: 50, blank: 50 }] },
      prepare: { seconds: 95.25, finished_at: "2026-11-26T10:00:30.000Z", from_scratch: true },
      artefact: { bytes: 3 * 2 ** 20, parts: [{ path: "dist", bytes: 23_012 }, { path: "node_modules share (9 packages)", bytes: 2 * 2 ** 20 }] },
    };
    const unknown = { lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: "cloc needs perl", dependencies: "no lock file", artefact: "not built", prepare: "none recorded" } };
    const results = fixtureResults([fixtureTarget("actix-raw", "Rust", "raw", 0.1, { build_cost: mixed }), fixtureTarget("odd-raw", "Go", "raw", 1, { build_cost: unknown, cold_start: null, memory: null })]);
    const [rust, odd] = costTable(results, costTargets(results)).rows;
    expect(rust!.slice(1, 6)).toEqual(["1,230 (Rust 1,200, SQL 30)", "150 / 200", "4 / 12", "95.3 s (this run)", "3.0"]);
    expect(odd!.slice(1)).toEqual(["–", "–", "–", "–", "–", "–", "–", "–"]);
    expect(costNotes(results, costTargets(results))).toEqual([
      "actix-raw — dependencies from requirements.txt + .venv metadata.",
      "odd-raw — lines: cloc needs perl.",
      "odd-raw — dependencies: no lock file.",
      "odd-raw — artefact: not built.",
      "odd-raw — prepare: none recorded.",
      "actix-raw on disk: dist 22 KB, node_modules share (9 packages) 2.0 MB.",
    ]);
  });

  it("says a sentence shared by several targets once, naming them", () => {
    const bare = { ...fixtureBuildCost(), prepare: null, reasons: { prepare: "none recorded" } };
    const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 1, { build_cost: bare }), fixtureTarget("flask-orm", "Python", "orm", 1, { build_cost: bare })]);
    expect(costNotes(results, costTargets(results))).toEqual(["flask-raw, flask-orm — prepare: none recorded.", "flask-raw, flask-orm — dependencies from requirements.txt + .venv metadata."]);
  });
});
