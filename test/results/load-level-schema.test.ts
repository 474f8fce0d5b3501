import { describe, expect, it } from "vitest";
import { resultsProblems } from "../../src/results/read-results.js";
import type { LoadLevelResult } from "../../src/results/types.js";
import { crudbenchLevel, fixtureLoad } from "../support/load-fixture.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

describe("results schema: load levels", () => {
  it("accepts a load stage where wrk's generator figures are null (not measured)", () => {
    const load = fixtureLoad();
    expect(load.closed.at(-1)).toMatchObject({ generator: "wrk", generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null });
    expect(resultsProblems(fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1, { load })]))).toEqual([]);
  });

  it("still requires the generator figures, null or not", () => {
    const load = fixtureLoad();
    const { generator_bound: _dropped, ...unflagged } = load.closed[0]!;
    const missing = fixtureResults([fixtureTarget("a-raw", "Rust", "raw", 1, { load: { ...load, closed: [unflagged as LoadLevelResult, crudbenchLevel("closed", 8, 50, false)] } })]);
    expect(resultsProblems(missing).join("\n")).toContain("must have required property 'generator_bound'");
  });
});
