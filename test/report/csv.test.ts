import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvField, csvRecord, renderCsv } from "../../src/report/csv.js";
import { FIXTURE_LOAD, fixtureResults, fixtureTarget, loadOnlyTarget, skippedTarget } from "../support/results-fixture.js";

/**
 * Parses RFC 4180 text back into records, so the test reads what a spreadsheet would. Strictly
 * (records end in CRLF, as the writer emits them; no stray quote; every record as long as the
 * first), so a writer's mistake fails here instead of being read leniently.
 */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: "\r\n", relax_quotes: false, relax_column_count: false });
}

describe("results.csv", () => {
  const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2), skippedTarget("pg-only-raw", "Go", "raw", "supports postgres only")]);
  const records = parseCsv(renderCsv(results));
  const byKey = (metric: string, operation: string, statistic: string) => records.find((r) => r[6] === metric && r[7] === operation && r[8] === statistic);

  it("has one header of the documented columns, then records of that many fields ending in CRLF", () => {
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records[0]).toEqual(["target", "language", "framework", "framework_version", "data_access", "library", "metric", "operation", "statistic", "value", "unit", "low", "high", "bounds", "coverage", "sessions", "note"]);
    expect(records.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(renderCsv(results).endsWith("\r\n")).toBe(true);
  });

  it("gives a median with its order-statistic interval and coverage, as stored", () => {
    const target = results.targets[0] as ReturnType<typeof fixtureTarget>;
    const read = target.single.read;
    expect(byKey("single", "read", "median")).toEqual([
      "flask-raw", "Python", "flask", "1.0", "raw", "sqlite3", "single", "read", "median",
      String(read.median_ms), "ms", String(read.median_interval!.low_ms), String(read.median_interval!.high_ms), "interval", String(read.median_interval!.coverage), "8", "",
    ]);
    expect(byKey("single", "read", "p99")?.slice(9, 16)).toEqual([String(read.p99!.median_ms), "ms", String(read.p99!.min_ms), String(read.p99!.max_ms), "range", "", "8"]);
    expect(byKey("bulk", "create", "median")?.[16]).toBe("one bulk operation of 100 tasks");
    expect(byKey("single", "read", "cpu_per_request")?.slice(9, 11)).toEqual([String(read.cpu!.us_per_request), "us"]);
  });

  it("covers memory, cold start, and leaves out a target with no figure", () => {
    expect(byKey("memory", "", "idle_rss")?.[9]).toBe("40");
    expect(byKey("memory", "", "peak_rss")?.[9]).toBe("48.5");
    expect(byKey("cold_start", "", "ready")?.[9]).toBe("200");
    expect(records.some((r) => r[0] === "pg-only-raw")).toBe(false);
  });

  it("gives the closed-model peak and the sustainable rate of a load run", () => {
    const load = parseCsv(renderCsv(fixtureResults([loadOnlyTarget("fastify-raw", "TypeScript", "raw", 400)], { latency: null, load: FIXTURE_LOAD })));
    expect(load.filter((r) => r[6] === "load").map((r) => [r[8], r[9], r[10]])).toEqual([
      ["closed_peak_rps", "400", "req/s"],
      ["sustainable_rps", "200", "req/s"],
    ]);
  });

  it("quotes a field with a comma, a quote or a line break, doubling the quote (RFC 4180)", () => {
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(0.125)).toBe("0.125");
    expect(csvField(null)).toBe("");
    expect(csvRecord(["a,b", 1, null])).toBe('"a,b",1,\r\n');
    const odd = fixtureTarget("flask-raw", "Python", "raw", 2);
    odd.framework = { name: 'Flask, "the micro one"', version: "3.1" };
    expect(parseCsv(renderCsv(fixtureResults([odd])))[1]![2]).toBe('Flask, "the micro one"');
  });
});
