import { describe, expect, it } from "vitest";
import type { ChartName } from "../../src/report/charts/chart-set.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { Results } from "../../src/results/types.js";
import {
  FIXTURE_LOAD,
  failedConformanceTarget,
  failedTarget,
  fixtureResults,
  fixtureMemory,
  fixtureTarget,
  loadOnlyTarget,
  partialTarget,
  qualifiedTarget,
  skippedTarget,
} from "../support/results-fixture.js";
import { fixtureClaims } from "../support/claims-fixture.js";

/**
 * report.md and report.html serialise one document, so their outlines — headings with
 * their levels, tables and figures, in order — must be the same for any results.
 */

const unescapeHtml = (text: string) => text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

function markdownOutline(markdown: string): string[] {
  const outline: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const opening = /^(`{3,})/.exec(line);
    if (fence) {
      if (line === fence) fence = undefined;
      continue;
    }
    if (opening) {
      fence = opening[1];
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) outline.push(`h${heading[1]!.length} ${heading[2]!.replace(/\\(.)/g, "$1")}`);
    if (/^\|(-+:?\|)+$/.test(line)) outline.push("table");
    if (line === "<details>") outline.push("details");
    const figure = /^!\[.*\]\(charts\/(\w+)\.png\)$/.exec(line);
    if (figure) outline.push(`figure ${figure[1]}`);
  }
  return outline;
}

function htmlOutline(html: string): string[] {
  const body = html.slice(html.indexOf("<body>"));
  return [...body.matchAll(/<h([1-6])[^>]*>(.*?)<\/h\1>|<table[ >]|<details>|<figure[^>]*data-chart="(\w+)"/g)].map((m) =>
    m[0].startsWith("<table") ? "table" : m[0] === "<details>" ? "details" : m[3] ? `figure ${m[3]}` : `h${m[1]} ${unescapeHtml(m[2]!)}`,
  );
}

const CHARTS: ChartName[] = ["single_crud", "bulk_ops", "latency_anatomy", "cpu_per_request", "orm_vs_raw", "memory"];
const rendered = CHARTS.map((name) => ({ name, title: name, svg: `<svg><title>${name}</title></svg>` }));
const outlines = (results: Results, charts = rendered) => ({ markdown: markdownOutline(renderMarkdown(results, charts)), html: htmlOutline(renderHtml(results, charts)) });

const statements = { create: 3, read: 3, update: 4, delete: 4, list: 3 };
const databaseMemory = { ...fixtureMemory(30, 31), idle_pss_mb: null, peak_pss_mb: null, processes: 6 };

const allMeasured = fixtureResults(
  [
    fixtureTarget("flask-raw", "Python", "raw", 2, { statements_per_request: statements }),
    fixtureTarget("flask-orm", "Python", "orm", 4.5, { statements_per_request: statements }),
    fixtureTarget("fastify-raw", "TypeScript", "raw", 0.5),
  ],
  { database_memory: databaseMemory },
);

const mixed = fixtureResults(
  [
    fixtureTarget("flask-raw", "Python", "raw", 2),
    partialTarget("flask-orm", "Python", "orm", 4.5, 3, "crashed", "exited with code 1 in session 4"),
    qualifiedTarget("gin-raw", "Go", "raw"),
    skippedTarget("pg-only-raw", "Go", "raw", "supports postgres only"),
    failedTarget("axum-raw", "Rust", "raw", "failed-prepare", "cargo build failed"),
    failedConformanceTarget("broken-raw", "Go", "raw", [{ id: "health-ok", description: "health", outcome: "failed", reason: "expected status 200, got 500" }]),
  ],
  { status: "running" },
);

/** Claims checked, and a noisy target near the harness floor: every folded block of the outline. */
const withClaims = fixtureResults([fixtureTarget("actix-raw", "Rust", "raw", 0.1), fixtureTarget("flask-raw", "Python", "raw", 2), fixtureTarget("flask-orm", "Python", "orm", 4.5)], {
  claims: fixtureClaims(),
});
withClaims.floor = { engine: "native", measured: { median_ms: 0.09, p99_ms: 0.2, requests: 1000 }, wrk: null, error: null };

const loadOnly = fixtureResults([loadOnlyTarget("fastify-raw", "TypeScript", "raw", 400), loadOnlyTarget("flask-raw", "Python", "raw", 150)], { latency: null, load: FIXTURE_LOAD });
loadOnly.calibration = [loadOnlyTarget("echo", "-", "raw", 900).load!.closed[1]!];

describe("report outline", () => {
  it("is the agreed outline for a run where every target was measured", () => {
    expect(outlines(allMeasured).markdown).toEqual([
      "h1 crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process)",
      "h2 Summary",
      "h2 Charts",
      "figure single_crud",
      "figure bulk_ops",
      "figure latency_anatomy",
      "figure cpu_per_request",
      "figure orm_vs_raw",
      "figure memory",
      "h2 Targets",
      "table",
      "h2 Single CRUD latency",
      "table",
      "h3 Relative to the fastest",
      "table",
      "h2 Bulk operations (100 tasks)",
      "table",
      "h3 Relative to the fastest",
      "table",
      "h2 Where the time goes",
      "table",
      "h3 Where an ORM's extra time goes",
      "h2 CPU per request",
      "table",
      "h2 Memory",
      "table",
      "h3 Database server memory (not counted above)",
      "table",
      "h2 SQL statements per request",
      "table",
      "h2 Cost to build and run",
      "table",
      "h2 ORM vs raw SQL",
      "h3 Python: single requests",
      "table",
      "h3 Python: bulk (100 tasks)",
      "table",
      "h2 Drift",
      "table",
      "h2 Conformance",
      "h2 Method",
      "h2 Environment and configuration",
    ]);
  });

  it("leads with the claims, the summary and the charts, then the folded caveats, and details each claim's parts near the end", () => {
    const { markdown } = outlines(withClaims);
    expect(markdown.slice(0, 14)).toEqual([
      "h1 crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process)",
      "h2 Claims checked",
      "table",
      "h2 Summary",
      "h2 Charts",
      "figure single_crud",
      "figure bulk_ops",
      "figure latency_anatomy",
      "figure cpu_per_request",
      "figure orm_vs_raw",
      "figure memory",
      "h2 Caveats",
      "details",
      "h2 Targets",
    ]);
    expect(markdown.slice(markdown.indexOf("h2 Conformance"))).toEqual(["h2 Conformance", "h2 Claims, part by part", "details", "table", "h2 Method", "h2 Environment and configuration"]);
  });

  it.each([
    ["every target measured", allMeasured],
    ["claims, and caveats folded", withClaims],
    ["measured, partial, qualified, skipped and failed targets in an unfinished run", mixed],
    ["a load-only run", loadOnly],
    ["a run with no targets", fixtureResults([])],
  ])("is the same in report.md and report.html: %s", (_, results) => {
    const { markdown, html } = outlines(results);
    expect(markdown.length).toBeGreaterThan(5);
    expect(html).toEqual(markdown);
  });

  it("lists every target that was not fully measured, in both formats", () => {
    const { markdown } = outlines(mixed, []);
    const start = markdown.indexOf("h2 Targets not fully measured");
    expect(markdown.slice(start, markdown.indexOf("h2 Method"))).toEqual([
      "h2 Targets not fully measured",
      "h3 flask-orm: partial (crashed)",
      "h3 gin-raw: not measured",
      "h3 pg-only-raw: skipped",
      "h3 axum-raw: failed-prepare",
      "h3 broken-raw: failed-conformance",
      "table",
    ]);
  });

  it("shows the load sections, and no latency section, for a load-only run", () => {
    expect(outlines(loadOnly, []).markdown.filter((line) => line.startsWith("h"))).toEqual([
      "h1 crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process)",
      "h2 Summary",
      "h2 Targets",
      "h2 Cost to build and run",
      "h2 Throughput under concurrency",
      "h3 Generator ceilings",
      "h3 Sustainable throughput",
      "h3 Closed model",
      "h3 Open model",
      "h2 Conformance",
      "h2 Method",
      "h2 Environment and configuration",
    ]);
  });
});
