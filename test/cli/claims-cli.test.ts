import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClaimsEvaluation, Results } from "../../src/results/types.js";
import { runCli } from "../support/cli.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

// The built CLI (run `npx tsc -p tsconfig.json` first), on a fixture run where actix-raw is
// 10× faster than flask-raw in every session (so every interval is exactly 10×).

function files(claims: string): { dir: string; claims: string; results: string } {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-claims-cli-"));
  const results = fixtureResults([fixtureTarget("actix-raw", "Rust", "raw", 0.1), fixtureTarget("flask-raw", "Python", "raw", 1)]);
  writeFileSync(join(dir, "results.json"), JSON.stringify(results));
  writeFileSync(join(dir, "claims.yaml"), claims);
  return { dir, claims: join(dir, "claims.yaml"), results: join(dir, "results.json") };
}

const faster = (low: number, high: number) => `source: a test
claims:
  - id: rust-faster
    text: Rust is ${low}×–${high}× faster
    metric: single
    operations: [read]
    subject: actix-raw
    versus: flask-raw
    expect: { faster_by: [${low}, ${high}] }
`;

describe("crudbench claims", () => {
  it("prints the summary line, the claims table and the parts table, and exits 0 when nothing is refuted", async () => {
    const paths = files(faster(5, 20));
    const run = await runCli(["claims", paths.claims, paths.results]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Claims (${paths.claims}; source: a test): 1 holds.`);
    expect(run.stdout).toContain("| rust-faster: Rust is 5×–20× faster | actix-raw 5×–20× faster than flask-raw on single read | 10.0× [10.0×, 10.0×] (95%) | ✓ holds |");
    expect(run.stdout).toContain("| rust-faster | single.read | actix-raw vs flask-raw |");
  });

  it("exits 1 when a claim is refuted, and prints the evaluation as JSON with --json", async () => {
    const paths = files(faster(20, 30));
    const run = await runCli(["claims", paths.claims, paths.results, "--json"]);
    expect(run.code).toBe(1);
    const evaluation = JSON.parse(run.stdout) as ClaimsEvaluation;
    expect(evaluation.counts).toEqual({ holds: 0, refuted: 1, "not-settled": 0, "not-measured": 0 });
    expect(evaluation.verdicts[0]!.parts[0]).toMatchObject({ value: 10, outcome: "refuted" });
  });

  it("refuses an invalid claims file with exit 2, naming every broken field, no stack trace", async () => {
    const paths = files(faster(20, 5).replace("metric: single", "metric: peak_memory"));
    const run = await runCli(["claims", paths.claims, paths.results]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: claims file ${paths.claims} is not valid:`);
    expect(run.stderr).toContain("claims[0].expect.faster_by: lo must be ≤ hi (got [20, 5])");
    expect(run.stderr).toContain("claims[0].expect.faster_by: a speed relation, but metric names no speed metric");
    expect(run.stderr).toContain("hint: the format is spec/claims.schema.json");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses an unreadable results file with exit 2", async () => {
    const paths = files(faster(5, 20));
    writeFileSync(paths.results, "not json");
    const run = await runCli(["claims", paths.claims, paths.results]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read results file ${paths.results}`);
  });

  it("checks the seed claims file against a run (it parses; the missing targets are not measured)", async () => {
    const paths = files(faster(5, 20));
    const run = await runCli(["claims", "claims/seed-report.yaml", paths.results, "--json"]);
    const evaluation = JSON.parse(run.stdout) as ClaimsEvaluation;
    expect(evaluation.verdicts.map((v) => v.id)).toEqual(["rust-faster", "rust-3-10", "rust-bulk", "rust-memory", "orm-slowest", "raw-2x", "orm-memory"]);
    expect(evaluation.verdicts.find((v) => v.id === "raw-2x")).toMatchObject({ outcome: "not-measured", parts: expect.arrayContaining([expect.objectContaining({ reason: "flask-orm is not in this run" })]) });
  });
});

describe("--claims on run and report", () => {
  it("run: reads the claims file before anything else, so a broken one fails at once with exit 2", async () => {
    const paths = files(faster(20, 5));
    // An unknown target would be the first thing a run refuses; the claims come before it.
    const run = await runCli(["run", "--targets", "does-not-exist", "--claims", paths.claims], {}, 20_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("claims[0].expect.faster_by: lo must be ≤ hi");
    expect(run.stderr).not.toContain("unknown target");
  });

  it("report: evaluates the claims into results.json beside the reports, and exits 0", { timeout: 120_000 }, async () => {
    const paths = files(faster(5, 20));
    const run = await runCli(["report", paths.results, "--claims", paths.claims]);
    expect(run.code).toBe(0);
    const written = JSON.parse(readFileSync(paths.results, "utf8")) as Results;
    expect(written.claims).toMatchObject({ file: paths.claims, counts: { holds: 1 } });
  });

  it("documents --claims in the help of run, load and report, and the claims command", async () => {
    for (const command of ["run", "load", "report"]) expect((await runCli([command, "--help"])).stdout).toContain("--claims <file>");
    const help = await runCli(["claims", "--help"]);
    expect(help.stdout).toContain("Exit 0 when no claim is refuted, 1 when one is, 2 for an invalid claims file");
  });
});
