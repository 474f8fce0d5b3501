import { describe, expect, it } from "vitest";
import { buildChartSpecs } from "../../src/report/charts/chart-set.js";
import { needsLogScale, targetColours, valueScale } from "../../src/report/charts/chart-style.js";
import { latencyRows } from "../../src/report/charts/latency-chart.js";
import { ormRows } from "../../src/report/charts/orm-vs-raw-chart.js";
import { renderSvg, svgToPng } from "../../src/report/charts/render-chart.js";
import { ormPairs } from "../../src/report/report-model.js";
import { FIXTURE_LATENCY, FIXTURE_LOAD, failedTarget, fixtureLoad, fixtureResults, fixtureTarget, loadOnlyTarget, partialTarget, qualifiedTarget } from "../support/results-fixture.js";

const flaskRaw = fixtureTarget("flask-raw", "Python", "raw", 2);
const flaskOrm = fixtureTarget("flask-orm", "Python", "orm", 4.5);
const actix = fixtureTarget("actix-raw", "Rust", "raw", 0.2);
const results = fixtureResults([actix, flaskRaw, flaskOrm]);

describe("chart specs", () => {
  it("builds the six charts when a raw/orm pair exists", () => {
    expect(buildChartSpecs(results).map((c) => c.name)).toEqual(["single_crud", "bulk_ops", "latency_anatomy", "cpu_per_request", "orm_vs_raw", "memory"]);
  });

  it("leaves out orm_vs_raw without a pair, and everything without measured targets", () => {
    expect(buildChartSpecs(fixtureResults([actix, flaskRaw])).map((c) => c.name)).toEqual(["single_crud", "bulk_ops", "latency_anatomy", "cpu_per_request", "memory"]);
    expect(buildChartSpecs(fixtureResults([failedTarget("actix-raw", "Rust", "raw", "failed-start", "x"), qualifiedTarget("flask-raw", "Python", "raw")]))).toEqual([]);
  });

  it("draws CPU per request per single operation with the sessions' range", () => {
    const cpu = buildChartSpecs(results).find((c) => c.name === "cpu_per_request")!.spec as { data: { values: { target: string; operation: string; us: number; low: number; high: number }[] } };
    // flask-raw's read: a 2 ms median, 400 µs of CPU per ms in the fixture, sessions ±1%.
    expect(cpu.data.values.find((row) => row.operation === "read" && row.target === "flask-raw")).toEqual({ operation: "read", target: "flask-raw", us: 800, low: 792, high: 808 });
    expect(cpu.data.values).toHaveLength(12);
  });

  it("draws a partially measured target with the others", () => {
    const partial = partialTarget("flask-orm", "Python", "orm", 4.5, 3, "interrupted", "interrupted (SIGINT)");
    const charts = buildChartSpecs(fixtureResults([flaskRaw, partial], { status: "interrupted" }));
    expect(charts.map((c) => c.name)).toEqual(["single_crud", "bulk_ops", "latency_anatomy", "cpu_per_request", "orm_vs_raw", "memory"]);
    const single = charts[0]!.spec as { data: { values: { target: string; operation: string; median: number }[] } };
    expect(single.data.values.filter((row) => row.operation === "read").map((row) => [row.target, row.median])).toEqual([
      ["flask-raw", 2],
      ["flask-orm", 4.5],
    ]);
  });

  it("draws only the load charts for a load-only run, with the objective from the results", () => {
    const target = loadOnlyTarget("actix-raw", "Rust", "raw", 400);
    const results = fixtureResults([{ ...target, load: { ...fixtureLoad(400), slo_p99_ms: 75 } }], { latency: null, load: FIXTURE_LOAD });
    const charts = buildChartSpecs(results);
    expect(charts.map((c) => c.name)).toEqual(["load_throughput", "load_latency_vs_rate", "load_percentiles"]);
    expect(JSON.stringify(charts[1]!.spec)).toContain("dashed: objective 75 ms");
  });

  it("draws no latency-vs-rate chart for Locust's paced levels, which have no corrected p99, and their uncorrected spectrum", () => {
    const target = loadOnlyTarget("actix-raw", "Rust", "raw", 400);
    const load = fixtureLoad(400);
    const paced = load.open.map((level) => ({ ...level, generator: "locust" as const, uncorrected_latency: level.latency, latency: { ...level.latency, p50_ms: null, p99_ms: null, p999_ms: null, max_ms: null, mean_ms: null, spectrum: [] } }));
    const charts = buildChartSpecs(fixtureResults([{ ...target, load: { ...load, open: paced } }], { latency: null, load: FIXTURE_LOAD }));
    expect(charts.map((c) => c.name)).toEqual(["load_throughput", "load_percentiles"]);
    expect(JSON.stringify(charts[1]!.spec)).toContain("uncorrected @");
  });

  it("gives every target the same colour in every chart", () => {
    const colours = targetColours(results);
    expect(colours.domain).toEqual(["actix-raw", "flask-raw", "flask-orm"]);
    const scales = JSON.stringify(buildChartSpecs(results).map((c) => c.spec)).match(/"domain":\["actix-raw","flask-raw","flask-orm"\],"range":\[[^\]]*\]/g);
    expect(new Set(scales).size).toBe(1);
    expect(scales!.length).toBeGreaterThanOrEqual(4);
  });

  it("uses a log axis, and says so, only when values differ by more than 20×", () => {
    expect(needsLogScale([1, 20])).toBe(false);
    expect(needsLogScale([1, 21])).toBe(true);
    expect(valueScale([0.3, 12])).toEqual({ log: true, scale: { type: "log", domainMin: 0.1 }, barBase: 0.1 });
    expect(valueScale([3, 12]).log).toBe(false);
    const single = JSON.stringify(buildChartSpecs(results)[0]!.spec);
    expect(single).toContain("latency, ms (log scale)");
    const linear = JSON.stringify(buildChartSpecs(fixtureResults([flaskRaw, flaskOrm]))[0]!.spec);
    expect(linear).toContain('"latency, ms"');
    expect(linear).not.toContain("log scale");
  });

  it("carries the median, its order-statistic interval and the median per-session p99 per operation and target", () => {
    const read = latencyRows([flaskRaw], (t) => t.single).find((r) => r.operation === "read")!;
    expect(read).toMatchObject({ operation: "read", target: "flask-raw", median: 2 });
    // The lowest and highest of the fixture's session medians, 2 × 0.99 and 2 × 1.01.
    expect([read.ciLow, read.ciHigh]).toEqual([1.98, 2.02]);
    expect(read.p99).toBe(3);
    const spec = JSON.stringify(buildChartSpecs(results)[0]!.spec);
    expect(spec).toContain("line: its order-statistic interval (coverage in the tables)");
    expect(spec).not.toContain("95%");
  });

  it("draws no p99 tick for bulk operations, which keep no tail", async () => {
    expect(latencyRows([flaskRaw], (t) => t.bulk).every((row) => row.p99 === null)).toBe(true);
    const bulk = buildChartSpecs(results)[1]!.spec;
    expect(JSON.stringify(bulk)).not.toContain("tick: p99");
    const svg = await renderSvg(bulk);
    expect(svg).toContain("flask-orm");
    expect(svg).not.toContain("NaN");
  });

  it("draws no interval, rather than a zero-width one, for a single session", async () => {
    const oneSession = fixtureTarget("flask-raw", "Python", "raw", 2, {}, 1);
    const read = latencyRows([oneSession], (t) => t.single).find((r) => r.operation === "read")!;
    expect(read).toMatchObject({ median: 2, ciLow: null, ciHigh: null });
    const spec = buildChartSpecs(fixtureResults([oneSession], { latency: { ...FIXTURE_LATENCY, sessions: 1 } }))[0]!.spec;
    expect(await renderSvg(spec)).toContain("flask-raw");
  });

  it("prints the ORM / raw ratio over the ORM bar only", () => {
    const rows = ormRows(results, ormPairs([flaskRaw, flaskOrm]), "single");
    expect(rows.filter((r) => r.style === "orm").map((r) => r.ratio)).toEqual(["2.25×", "2.25×", "2.25×", "2.25×"]);
    expect(rows.filter((r) => r.style === "raw").every((r) => r.ratio === null)).toBe(true);
  });
});

describe("chart rendering", () => {
  it("renders SVG with the data's labels, and a PNG from it", async () => {
    const svg = await renderSvg(buildChartSpecs(results)[0]!.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    for (const text of ["actix-raw", "flask-orm", "create", "delete", "latency, ms (log scale)"]) expect(svg).toContain(text);
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
  });
});
