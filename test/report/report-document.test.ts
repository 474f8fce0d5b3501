import { describe, expect, it } from "vitest";
import { buildReportDocument, type Block, type ReportDocument } from "../../src/report/document.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { latencyTable, latencyTargetsOf, outcomeTable } from "../../src/report/report-model.js";
import { caveatLines } from "../../src/report/caveats.js";
import { summaryLines } from "../../src/report/report-prose.js";
import { FIXTURE_LATENCY, fixtureControl, fixtureResults, fixtureTarget, partialTarget, qualifiedTarget } from "../support/results-fixture.js";

const blocksOf = (document: ReportDocument, id: string): Block[] => document.sections.find((s) => s.id === id)?.blocks ?? [];
const rowsOf = (document: ReportDocument, id: string) => blocksOf(document, id).flatMap((b) => (b.kind === "table" ? [b.table.rows] : []))[0] ?? [];

const flaskRaw = fixtureTarget("flask-raw", "Python", "raw", 2);
const crashed = partialTarget("flask-orm", "Python", "orm", 4.5, 3, "crashed", "the target exited with code 1 during session 4\nstack trace");

describe("a target measured in part (issue 20)", () => {
  const results = fixtureResults([flaskRaw, crashed], { status: "interrupted" });
  const document = buildReportDocument(results);

  it("is in the latency tables, marked with the sessions it finished, its interval's coverage that of 3 sessions", () => {
    expect(rowsOf(document, "single").filter((row) => row[0] === "read")).toEqual([
      ["read", "flask-raw", "2.00", "1.98–2.02 (99.2%)", "3.00 [2.97–3.03]", "0.6%", "0", "1600", "0"],
      ["read", "flask-orm (partial: 3/8 sessions)", "4.50", "4.50–4.54 (75.0%)", "6.75 [6.75–6.82]", "0.6%", "0", "600", "0"],
    ]);
    expect(rowsOf(document, "memory").map((row) => row[0])).toEqual(["flask-raw", "flask-orm (partial: 3/8 sessions)"]);
  });

  it("says in the targets table what stopped it", () => {
    expect(outcomeTable(results).rows.map((row) => row.slice(6))).toEqual([
      ["8/8", "measured"],
      ["3/8", "partial: 3/8 sessions (crashed): the target exited with code 1 during session 4"],
    ]);
  });

  it("is explained, with the whole reason and its output, under Targets not fully measured", () => {
    expect(blocksOf(document, "target-flask-orm")).toEqual([
      { kind: "paragraph", text: ["It finished 3 of 8 latency sessions (stopped by: crashed); the figures shown for it come from what was measured before that."] },
      { kind: "preformatted", language: "text", text: "the target exited with code 1 during session 4\nstack trace" },
      { kind: "paragraph", text: ["Target output: ", { code: "logs/flask-orm.log" }] },
    ]);
    expect(document.sections.find((s) => s.id === "target-flask-orm")?.heading).toBe("flask-orm: partial (crashed)");
  });

  it("is compared and summarised, never hidden behind 'No target was measured'", () => {
    const alone = fixtureResults([crashed], { status: "interrupted" });
    expect(summaryLines(alone)).toEqual([
      "Memory (peak RSS): flask-orm (partial: 3/8 sessions) 48.5 MB.",
      "create: flask-orm (partial: 3/8 sessions), median 9.00 ms.",
      "read: flask-orm (partial: 3/8 sessions), median 4.50 ms.",
      "update: flask-orm (partial: 3/8 sessions), median 9.00 ms.",
      "delete: flask-orm (partial: 3/8 sessions), median 6.75 ms.",
      "Method precision of this run: the same server measured twice: 1.00× [0.99×, 1.01×] (±1.2%, 8 sessions).",
    ]);
    expect(renderMarkdown(alone)).toContain("## Single CRUD latency");
    expect(caveatLines(alone)).toContain("⚠ flask-orm (partial: 3/8 sessions): its measuring did not run to the end; its figures come from fewer sessions or stages than the others' (see Targets not fully measured).");
  });

  it("says the run was interrupted in the meta line", () => {
    expect(document.meta).toEqual(["Run 2026-11-26T10-00-00Z (interrupted before every target was measured). crudbench 0.1.0; 2 × Test CPU, 24000 MB RAM, Debian GNU/Linux 12 (bookworm), load average 0.1 at start."]);
  });
});

describe("a run killed outright (SIGKILL)", () => {
  const results = fixtureResults([flaskRaw, qualifiedTarget("gin-raw", "Go", "raw")], { status: "running" });
  const document = buildReportDocument(results);

  it("says in the title and meta line that the run did not finish", () => {
    expect(document.title).toBe("crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process) — run not finished");
    expect(document.meta[0]).toMatch(/^Run 2026-11-26T10-00-00Z did not finish: results\.json was last written while targets were still being measured, so the harness was killed or is still running; this shows what was measured so far\. crudbench/);
    expect(renderHtml(results, [])).toContain("<title>crudbench report — SQLite 3.53.0 (journal_mode=WAL, synchronous=NORMAL, busy_timeout=5000; pool 4 per process) — run not finished — 2026-11-26T10-00-00Z</title>");
  });

  it("lists a target that passed conformance but was never reached as not measured", () => {
    expect(outcomeTable(results).rows[1]!.slice(5)).toEqual(["1/1", "–", "not measured: the run stopped before this target was measured (or, if it is still going, has not reached it yet)"]);
    expect(document.sections.find((s) => s.id === "target-gin-raw")).toEqual({
      level: 3,
      id: "target-gin-raw",
      heading: "gin-raw: not measured",
      blocks: [
        { kind: "paragraph", text: ["Passed conformance; not measured: the run stopped before this target was measured (or, if it is still going, has not reached it yet)."] },
        { kind: "paragraph", text: ["Target output: ", { code: "logs/gin-raw.log" }] },
      ],
    });
    expect(rowsOf(document, "single").map((row) => row[1])).not.toContain("gin-raw");
  });

  it("says only that the run stopped once the run has ended", () => {
    const ended = fixtureResults([flaskRaw, qualifiedTarget("gin-raw", "Go", "raw")], { status: "interrupted" });
    expect(outcomeTable(ended).rows[1]![7]).toBe("not measured: the run stopped before this target was measured");
  });
});

describe("a single session", () => {
  it("shows no interval, no p99 range and no variation rather than 0%", () => {
    const one = fixtureTarget("flask-raw", "Python", "raw", 2, {}, 1);
    const results = fixtureResults([one], { latency: { ...FIXTURE_LATENCY, sessions: 1 }, control: fixtureControl(1, { ratio_ci95: null, p_value: null, precision: null }) });
    // What a one-session distribution may hold: the statistics are null, or degenerate.
    const degenerate = { low_ms: 4, high_ms: 4, coverage: 0, rank: 1 };
    results.targets[0] = { ...one, single: { ...one.single, create: { ...one.single.create, cv: 0, median_interval: degenerate } } };
    const rows = latencyTable(results, latencyTargetsOf(results), "single").rows;
    expect(rows.map((row) => [row[0], row[3], row[4], row[5]])).toEqual([
      ["create", "–", "6.00", "–"],
      ["read", "–", "3.00", "–"],
      ["update", "–", "6.00", "–"],
      ["delete", "–", "4.50", "–"],
    ]);
    expect(renderMarkdown(results)).not.toMatch(/(^|[^\d.])0(\.0)?%/m);
    expect(caveatLines(results)).toContain(
      "⚠ Only 1 session(s): no difference can be called significant (the signed-rank test cannot reach p < 0.05 with fewer than 6 sessions); use --sessions 6 or more for conclusions.",
    );
    expect(summaryLines(results)).toContain("Method precision of this run is unknown: the A/A control needs two sessions for an interval, and ran in 1.");
  });
});
