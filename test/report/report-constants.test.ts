import { describe, expect, it, vi } from "vitest";
import { buildReportDocument, type Block, type ReportDocument } from "../../src/report/document.js";
import { LOAD_NOTE } from "../../src/report/load-report.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { caveatLines } from "../../src/report/caveats.js";
import { summaryLines } from "../../src/report/report-prose.js";
import { statementsNote } from "../../src/report/statements-report.js";
import { FIXTURE_LOAD, fixtureLoad, fixtureResults, fixtureTarget, loadOnlyTarget } from "../support/results-fixture.js";

/**
 * Numbers the report's prose repeats must come from the one place the harness keeps them.
 * The constants are replaced here by values nobody would type, so a number retyped in the
 * report's prose instead of interpolated fails these tests.
 */
vi.mock("../../src/workloads/statement-counts.js", () => ({ REQUESTS_PER_TYPE: 7 }));
vi.mock("../../src/stats/load-verdict.js", async (importOriginal) => ({ ...(await importOriginal<typeof import("../../src/stats/load-verdict.js")>()), GENERATOR_CPU_LIMIT: 63 }));
vi.mock("../../src/stats/noise.js", async (importOriginal) => ({ ...(await importOriginal<typeof import("../../src/stats/noise.js")>()), NOISE_WARN_CV: 0.04, NOISE_LOUD_CV: 0.12 }));

const blocksOf = (document: ReportDocument, id: string): Block[] => document.sections.find((s) => s.id === id)?.blocks ?? [];

describe("numbers in prose come from the code and the results", () => {
  it("uses the statement counter's request count", () => {
    expect(statementsNote(fixtureResults([])).join("")).toContain("averaged over 7 requests of each type");
  });

  it("uses the generator's CPU limit", () => {
    expect(LOAD_NOTE).toContain("CPU ≤ 63% of a core");
  });

  it("warns about the harness's CPU at the generator's limit", () => {
    const results = fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 2)]);
    results.run.harness_cpu_percent = 65;
    expect(caveatLines(results)).toEqual(["⚠ The harness used 65% of a core while measuring (over 63%): the client may be the bottleneck, and the numbers understate the fastest targets."]);
  });

  it("uses the noise thresholds of the statistics", () => {
    const noisy = fixtureTarget("flask-raw", "Python", "raw", 2);
    const results = fixtureResults([{ ...noisy, single: { ...noisy.single, read: { ...noisy.single.read, cv: 0.07, noise: "noisy" }, update: { ...noisy.single.update, cv: 0.2, noise: "very-noisy" } } }]);
    const caveats = caveatLines(results);
    expect(caveats).toContain(`⚠ Very noisy: flask-raw varies up to 20% between sessions (worst: single update, above 12%); 1 other metric above 4%.`);
    const legend = blocksOf(buildReportDocument(results), "single")[1];
    expect(legend?.kind === "paragraph" && legend.text.join("")).toContain(`CV: variation of the session medians; ⚠ above 4%, ⚠⚠ above 12%; – with a single session.`);
  });

  it("takes the latency objective from the results, never a default", () => {
    const load = { ...fixtureLoad(400), slo_p99_ms: 75 };
    const results = fixtureResults([loadOnlyTarget("fastify-raw", "TypeScript", "raw", 400)], { latency: null, load: { ...FIXTURE_LOAD, slo_p99_ms: 75 } });
    results.targets[0] = { ...(results.targets[0] as ReturnType<typeof loadOnlyTarget>), load };
    const markdown = renderMarkdown(results);
    expect(markdown).toContain("| fastify-raw | crud | ≥ 200 (the highest rate tried) | p99 ≤ 75 ms, no errors, nothing dropped |");
    expect(markdown).toContain("whose corrected p99 stayed within 75 ms");
    expect(summaryLines(results)).toEqual([
      "Highest sustainable rate: fastify-raw, 200 req/s or more (the highest rate tried), with p99 ≤ 75 ms, no errors, nothing dropped.",
      "Highest closed-model throughput on a valid level: fastify-raw, 400 req/s at 8 connection(s) (crudbench).",
    ]);
    expect(markdown).not.toMatch(/\b50 ms/);
  });
});
