import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrudbenchError } from "../../src/errors.js";
import { readResults, resultsProblems } from "../../src/results/read-results.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

describe("results schema", () => {
  it("accepts results shaped like src/results/types.ts", () => {
    expect(resultsProblems(fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1)]))).toEqual([]);
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
