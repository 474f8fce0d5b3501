import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrudbenchError } from "../../src/errors.js";
import { readResults, resultsProblems } from "../../src/results/read-results.js";
import type { LoadLevelResult } from "../../src/results/types.js";
import { crudbenchLevel, fixtureLoad } from "../support/load-fixture.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

describe("results schema", () => {
  it("accepts results shaped like src/results/types.ts", () => {
    expect(resultsProblems(fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1)]))).toEqual([]);
  });

  it("accepts a load stage where wrk's generator figures are null (not measured)", () => {
    const results = fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1, { load: fixtureLoad() })]);
    expect(results.targets[0]!.load!.closed.at(-1)).toMatchObject({ generator: "wrk", generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null });
    expect(resultsProblems(results)).toEqual([]);
  });

  it("still requires the generator figures, and rejects a negative CPU", () => {
    const load = fixtureLoad();
    const { generator_bound: _dropped, ...unflagged } = load.closed[0]!;
    const missing = fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1, { load: { ...load, closed: [unflagged as LoadLevelResult] } })]);
    expect(resultsProblems(missing).join("\n")).toContain("must have required property 'generator_bound'");
    const negative = fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1, { load: { ...load, closed: [crudbenchLevel("closed", 1, -5, false)] } })]);
    expect(resultsProblems(negative).join("\n")).toContain("must be >= 0");
  });

  it("rejects missing and misspelt fields", () => {
    const results = fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1)]) as unknown as { targets: Record<string, unknown>[] };
    delete results.targets[0]!.status;
    results.targets[0]!.memry = {};
    const problems = resultsProblems(results).join("\n");
    expect(problems).toContain("must have required property 'status'");
    expect(problems).toContain("must NOT have additional properties");
  });

  it("turns a corrupt file into a usage error naming it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-results-")), "results.json");
    writeFileSync(file, '{"schema_version": 1, "targets": [');
    expect(() => readResults(file)).toThrow(CrudbenchError);
    expect(() => readResults(file)).toThrow(file);
  });
});
