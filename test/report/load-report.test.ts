import { describe, expect, it } from "vitest";
import { calibrationTable, closedLoadTable } from "../../src/report/load-report.js";
import { fixtureTarget } from "../support/results-fixture.js";
import { crudbenchLevel, fixtureLoad } from "../support/load-fixture.js";

describe("load tables", () => {
  // The last two columns: the generator's CPU, and the generator-bound flag.
  const generatorCells = (rows: string[][]) => rows.map((row) => [row[1], row.at(-2), row.at(-1)]);

  it("shows what was measured of crudbench's generator, and – for wrk, which is not watched", () => {
    const table = closedLoadTable([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load: fixtureLoad() })]);
    expect(generatorCells(table.rows)).toEqual([
      ["crudbench", "35%", ""],
      ["crudbench", "85%", "⚠ generator-bound"],
      ["wrk", "–", "–"],
    ]);
  });

  it("renders a generator CPU of 0% as measured, not as missing", () => {
    const table = closedLoadTable([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5, { load: { ...fixtureLoad(), closed: [crudbenchLevel("closed", 1, 0, false)] } })]);
    expect(generatorCells(table.rows)).toEqual([["crudbench", "0%", ""]]);
  });

  it("gives wrk's calibration ceiling without a CPU figure", () => {
    const [crudbench, , wrk] = fixtureLoad().closed;
    expect(calibrationTable([crudbench!, wrk!]).rows.map((row) => row.at(-1))).toEqual(["35%", "–"]);
  });
});
