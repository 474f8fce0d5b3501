import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { reportFailure } from "../../src/cli.js";
import { CrudbenchError, ExitCode } from "../../src/errors.js";
import type { ClaimsEvaluation, Results, TargetResult } from "../../src/results/types.js";
import { exitCodeFor } from "../../src/run/pipeline.js";
import { createRecordingOutput } from "../../src/console/output.js";

const description = {
  display_name: "x",
  language: "x",
  framework: { name: "x", version: "1" },
  data_access: { style: "raw" as const, library: "x", version: "1" },
  server: { processes: 1, threads_per_process: null, model: "x", notes: null },
  log_file: "logs/x.log",
  duration_s: 1,
};
const measurements = { conformance: { passed: 0, failed: 0, cases: [] }, statements_per_request: null, build_cost: { lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: "not counted in this test", dependencies: "not counted in this test", artefact: "not counted in this test", prepare: "not counted in this test" } }, sessions_completed: 1, single: null, bulk: null, memory: null, cold_start: null, load: null };
const measured = (name: string, warnings: string[] = []): TargetResult => ({ ...description, ...measurements, name, status: "measured", warnings });
const skipped: TargetResult = { ...description, name: "s", status: "skipped", reason: "no postgres", warnings: [] };
const partial: TargetResult = { ...description, ...measurements, name: "p", status: "partial", stopped_by: "crashed", reason: "exited", warnings: [] };

const results = (targets: TargetResult[], status: Results["run"]["status"] = "complete") => ({ run: { status }, targets }) as unknown as Results;

describe("exitCodeFor", () => {
  it("is 0 when every target is measured cleanly or skipped", () => {
    expect(exitCodeFor(results([measured("a"), skipped]))).toBe(ExitCode.ok);
  });
  it("is 1 for a warning (failed requests), a partial target or a failure", () => {
    expect(exitCodeFor(results([measured("a", ["3 request(s) failed validation"])]))).toBe(ExitCode.targetFailed);
    expect(exitCodeFor(results([measured("a"), partial]))).toBe(ExitCode.targetFailed);
    expect(exitCodeFor(results([{ ...description, name: "f", status: "failed-prepare", reason: "no cargo", warnings: [] }]))).toBe(ExitCode.targetFailed);
  });
  it("is 1 when a claim is refuted (run --claims), as for a failed target; 0 when claims only are not settled", () => {
    const withClaims = (counts: ClaimsEvaluation["counts"]) => ({ ...results([measured("a")]), claims: { file: "c.yaml", source: null, verdicts: [], counts } }) as Results;
    expect(exitCodeFor(withClaims({ holds: 1, refuted: 1, "not-settled": 0, "not-measured": 0 }))).toBe(ExitCode.targetFailed);
    expect(exitCodeFor(withClaims({ holds: 1, refuted: 0, "not-settled": 2, "not-measured": 1 }))).toBe(ExitCode.ok);
  });
  it("is 130 for an interrupted run, whatever the targets", () => {
    expect(exitCodeFor(results([measured("a")], "interrupted"))).toBe(ExitCode.interrupted);
  });
});

describe("reportFailure", () => {
  it("gives a crudbench bug its own exit code (3), apart from a target's failure (1)", () => {
    const output = createRecordingOutput();
    expect(reportFailure(new TypeError("x is undefined"), output)).toBe(ExitCode.internal);
    expect(ExitCode.internal).toBe(3);
    expect(output.lines[0]).toBe("error: unexpected failure: x is undefined (hint: this is a crudbench bug; please report it with the output above)");
  });
  it("passes a CrudbenchError's code and hint through, and commander's usage errors as 2", () => {
    const output = createRecordingOutput();
    expect(reportFailure(new CrudbenchError("bad manifest", { hint: "fix it" }), output)).toBe(ExitCode.usage);
    expect(output.lines).toEqual(["error: bad manifest (hint: fix it)"]);
    expect(reportFailure(new CommanderError(1, "commander.unknownOption", "unknown option"), output)).toBe(ExitCode.usage);
    expect(reportFailure(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), output)).toBe(ExitCode.ok);
  });
});
