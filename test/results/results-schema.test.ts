import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSchema, generateResultsSchema, resultsSchemaFile } from "../../scripts/generate-results-schema.mjs";
import { CrudbenchError } from "../../src/errors.js";
import { readResults, resultsProblems } from "../../src/results/read-results.js";
import { COMPATIBLE_SCHEMA_VERSIONS, RESULTS_SCHEMA_VERSION } from "../../src/results/types.js";
import { sampleResults } from "./sample-results.js";

/** The newest schema older than what COMPATIBLE_SCHEMA_VERSIONS lets through. */
const INCOMPATIBLE_VERSION = Math.min(RESULTS_SCHEMA_VERSION, ...COMPATIBLE_SCHEMA_VERSIONS) - 1;

/** The first line where two texts differ, for a failure message shorter than a 1 500-line diff. */
function firstDifference(committed: string, generated: string): string | undefined {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  if (line === -1 && a.length === b.length) return undefined;
  const at = line === -1 ? Math.min(a.length, b.length) : line;
  return `line ${at + 1}\n  committed: ${a[at]?.trim() ?? "(end of file)"}\n  generated: ${b[at]?.trim() ?? "(end of file)"}`;
}

/** The sample with one target changed; `targets[0]` is the measured one. */
function withTarget(change: (target: Record<string, unknown>) => void): unknown {
  const results = sampleResults() as unknown as { targets: Record<string, unknown>[] };
  change(results.targets[0]!);
  return results;
}

describe("results schema", () => {
  it("is the one generated from src/results/types.ts", () => {
    const committed = readFileSync(resultsSchemaFile, "utf8");
    const generated = formatSchema(generateResultsSchema());
    const difference = firstDifference(committed, generated);
    if (difference !== undefined) expect.fail(`spec/results.schema.json is stale: run \`npm run schema\` and commit it. First difference at ${difference}`);
  });

  it("accepts results shaped like src/results/types.ts, a target in every kind of state", () => {
    const results = sampleResults();
    expect(new Set(results.targets.map((t) => t.status)).size).toBe(5);
    expect(resultsProblems(results)).toEqual([]);
  });

  it("accepts a run without latency sessions (`crudbench load`)", () => {
    const results = sampleResults();
    results.config.latency = null;
    expect(resultsProblems(results)).toEqual([]);
  });

  it("rejects an unknown status, naming the known ones", () => {
    const problems = resultsProblems(withTarget((t) => (t.status = "finished")));
    expect(problems).toEqual([expect.stringMatching(/^\/targets\/0\/status must be equal to one of the allowed values: skipped, failed-prepare, .*measured, partial$/)]);
  });

  it("rejects a measured target without `single`, and only says that", () => {
    expect(resultsProblems(withTarget((t) => delete t.single))).toEqual(["/targets/0 must have required property 'single'"]);
  });

  it("rejects a count that is not a whole number ≥ 0", () => {
    expect(resultsProblems(withTarget((t) => (t.sessions_completed = 1.5)))).toEqual(["/targets/0/sessions_completed must be integer"]);
    expect(resultsProblems(withTarget((t) => (t.sessions_completed = -1)))).toEqual(["/targets/0/sessions_completed must be >= 0"]);
  });

  it("rejects fields of another status: a skipped target with measurements", () => {
    const problems = resultsProblems(withTarget((t) => ((t.status = "skipped"), (t.reason = "no postgres"))));
    expect(problems).toContain("/targets/0 must NOT have additional properties: single");
    expect(problems).toContain("/targets/0 must NOT have additional properties: conformance");
  });

  it("rejects missing and misspelt fields, shared and nested", () => {
    const problems = resultsProblems(
      withTarget((t) => {
        delete t.log_file;
        t.memry = {};
        (t.memory as Record<string, unknown>).rss_mb = 1;
      }),
    );
    expect(problems.sort()).toEqual([
      "/targets/0 must NOT have additional properties: memry",
      "/targets/0 must have required property 'log_file'",
      "/targets/0/memory must NOT have additional properties: rss_mb",
    ]);
  });

  it("rejects a results file of another schema version", () => {
    expect(resultsProblems({ ...sampleResults(), schema_version: RESULTS_SCHEMA_VERSION - 1 })).toEqual([`/schema_version must be equal to constant: ${RESULTS_SCHEMA_VERSION}`]);
  });

  it("reads a file of an older schema this one only widened as this one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-results-")), "results.json");
    for (const version of COMPATIBLE_SCHEMA_VERSIONS) {
      writeFileSync(file, JSON.stringify({ ...sampleResults(), schema_version: version }));
      expect(readResults(file).schema_version).toBe(RESULTS_SCHEMA_VERSION);
    }
  });

  it("turns a file of an incompatible older schema into a usage error that says so and what to do", () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-results-")), "results.json");
    writeFileSync(file, JSON.stringify({ ...sampleResults(), schema_version: INCOMPATIBLE_VERSION }));
    expect(() => readResults(file)).toThrow(`${file} uses results schema ${INCOMPATIBLE_VERSION}; this crudbench reads schema ${RESULTS_SCHEMA_VERSION}`);
    const error = (() => {
      try {
        readResults(file);
      } catch (caught) {
        return caught as CrudbenchError;
      }
    })();
    expect(error?.hint).toMatch(/re-run `crudbench run`/);
  });

  it("reads a valid file, and turns an invalid one into a usage error naming it and the problem", () => {
    const dir = mkdtempSync(join(tmpdir(), "crudbench-results-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(sampleResults()));
    expect(readResults(good).targets).toHaveLength(5);

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(withTarget((t) => delete t.single)));
    expect(() => readResults(bad)).toThrow(CrudbenchError);
    expect(() => readResults(bad)).toThrow(`${bad} is not a valid crudbench results file:\n  /targets/0 must have required property 'single'`);
  });

  it("turns a corrupt file into a usage error naming it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-results-")), "results.json");
    writeFileSync(file, '{"schema_version": 3, "targets": [');
    expect(() => readResults(file)).toThrow(CrudbenchError);
    expect(() => readResults(file)).toThrow(file);
  });
});
