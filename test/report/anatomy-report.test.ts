import { describe, expect, it } from "vitest";
import { anatomyTable, anatomyTargets, cpuTable, cpuTargets, ormAnatomyLines } from "../../src/report/anatomy-report.js";
import { latencyTargetsOf, ormPairs } from "../../src/report/report-model.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const raw = { ...fixtureTarget("flask-raw", "Python", "raw", 2), statements_per_request: { create: 1, read: 1, update: 1, delete: 1, list: 1 } };
const orm = { ...fixtureTarget("flask-orm", "Python", "orm", 4.5), statements_per_request: { create: 3, read: 1, update: 4, delete: 4, list: 1 } };
const results = fixtureResults([raw, orm]);
const targets = anatomyTargets(latencyTargetsOf(results));

describe("latency anatomy in the report", () => {
  it("tabulates each operation's parts beside the observed median, and how far the parts miss it", () => {
    const table = anatomyTable(results, targets);
    expect(table.headers).toEqual(["Operation", "Target", "Observed ms", "Database ms", "Framework ms", "Transport + client ms", "Parts vs observed", "Samples without header"]);
    expect(table.rows[0]).toEqual(["create", "flask-raw", "4.00", "1.33", "2.00", "0.800", "+3.3%", "0"]);
    expect(table.rows).toHaveLength(8);
  });

  it("says where an ORM's extra time goes, part by part, with the statements it sends", () => {
    const [pair] = ormPairs(targets);
    expect(ormAnatomyLines(pair!)[0]).toBe("create: flask-orm takes 5.00 ms more than flask-raw (9.00 against 4.00 ms): database +1.67 ms, framework +2.50 ms, transport +1.00 ms; 3 SQL statement(s) per request against 1.");
  });

  it("says 'less' when the ORM target came out faster, never a negative 'more'", () => {
    const fasterOrm = { ...fixtureTarget("flask-orm", "Python", "orm", 1.5), statements_per_request: orm.statements_per_request };
    const [pair] = ormPairs(anatomyTargets(latencyTargetsOf(fixtureResults([raw, fasterOrm]))));
    expect(ormAnatomyLines(pair!)[0]).toMatch(/^create: flask-orm takes \d+\.\d+ ms less than flask-raw /);
  });

  it("tabulates CPU per request with the sessions' range and what one core would serve", () => {
    const table = cpuTable(results, cpuTargets(latencyTargetsOf(results)));
    expect(table.headers).toEqual(["Operation", "Target", "CPU µs per request (sessions' range)", "Requests per CPU-second"]);
    // flask-raw's single create: median 4 ms → 1600 µs of CPU in the fixture, its sessions ±1% of that.
    expect(table.rows[0]).toEqual(["single create", "flask-raw", "1600 (1584–1616)", "625"]);
    expect(table.rows).toHaveLength(16);
  });

  it("leaves out targets whose responses carried no Server-Timing", () => {
    const silent = fixtureTarget("actix-raw", "Rust", "raw", 0.2);
    for (const operation of ["create", "read", "update", "delete"] as const) silent.single[operation].anatomy = null;
    expect(anatomyTargets(latencyTargetsOf(fixtureResults([silent])))).toEqual([]);
  });
});
