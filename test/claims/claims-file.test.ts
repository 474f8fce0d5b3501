import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readClaimsFile, validateClaims } from "../../src/claims/claims-file.js";
import { CrudbenchError } from "../../src/errors.js";
import { packageRoot } from "../../src/paths.js";

const claim = (overrides: Record<string, unknown> = {}) => ({ id: "c", text: "t", metric: "single", subject: "actix-raw", versus: "flask-raw", expect: { faster_by: [5, 20] }, ...overrides });
const problemsOf = (value: unknown) => {
  const checked = validateClaims(value, "claims.yaml");
  return "problems" in checked ? checked.problems : [];
};

describe("the seed claims file", () => {
  it("parses: the published report's seven claims, its source named", () => {
    const file = readClaimsFile(join(packageRoot, "claims", "seed-report.yaml"), "claims/seed-report.yaml");
    expect(file.file).toBe("claims/seed-report.yaml");
    expect(file.source).toContain("the published report crudbench grew out of");
    expect(file.claims.map((c) => c.id)).toEqual(["rust-faster", "rust-3-10", "rust-bulk", "rust-memory", "orm-slowest", "raw-2x", "orm-memory"]);
    const slowest = file.claims.find((c) => c.id === "orm-slowest")!;
    expect(slowest).toMatchObject({ metrics: ["single", "bulk", "peak_memory"], versus: { kind: "languages", languages: ["Python", "Rust"] }, relations: [{ kind: "slowest" }, { kind: "most_memory" }] });
    expect(file.claims.find((c) => c.id === "orm-memory")!.relations).toEqual([{ kind: "memory_difference_mb", value: 28, tolerance: 7 }]);
  });
});

describe("validateClaims", () => {
  it("reads a claim into its typed form: one metric a list, every operation by default, one target a list", () => {
    const checked = validateClaims({ source: "a blog", claims: [claim()] }, "claims.yaml");
    expect(checked).toEqual({
      claims: {
        file: "claims.yaml",
        source: "a blog",
        claims: [{ id: "c", text: "t", metrics: ["single"], operations: ["create", "read", "update", "delete"], subject: "actix-raw", versus: { kind: "targets", names: ["flask-raw"] }, relations: [{ kind: "faster_by", low: 5, high: 20 }] }],
      },
    });
  });

  it("does not check target names: the run decides which exist", () => {
    expect(problemsOf({ claims: [claim({ subject: "no-such-target", versus: ["nor-this"] })] })).toEqual([]);
  });

  it("reports every problem at once, each naming its field", () => {
    const problems = problemsOf({
      claims: [
        claim({ expect: { faster_by: [20, 5] } }),
        claim({ id: "c", expect: { less_memory_percent: [40, 60] } }),
        claim({ id: "d", metric: "peak_memory", operations: ["read"], versus: ["actix-raw"], expect: { most_memory: true, memory_difference_mb: { value: 3, tolerance: 1 } } }),
        claim({ id: "e", metric: ["single", "peak_memory"] }),
      ],
    });
    expect(problems).toEqual([
      "claims[0].expect.faster_by: lo must be ≤ hi (got [20, 5])",
      'claims[1].id: "c" is already the id of claims[0]',
      "claims[1].metric: single needs a speed relation in expect (faster_by, at_least_faster or slowest)",
      "claims[1].expect.less_memory_percent: a memory relation, but metric names no memory metric (peak_memory, idle_memory)",
      "claims[2].expect: at most one of less_memory_percent, memory_difference_mb or most_memory (got memory_difference_mb, most_memory)",
      "claims[2].operations: applies to single, bulk and cpu only, and metric names none of them",
      "claims[2].versus: names the subject actix-raw itself",
      "claims[3].metric: peak_memory needs a memory relation in expect (less_memory_percent, memory_difference_mb or most_memory)",
    ]);
  });

  it("says what a field of several shapes may be, once, instead of one complaint per shape", () => {
    expect(problemsOf({ claims: [claim({ metric: ["single", "wobble"], versus: 5, expect: { faster_by: [1, 2], colour: "red" } })], extra: 1 })).toEqual([
      '(top level): unknown field "extra"',
      "claims[0].metric: must be one of single, bulk, cpu, throughput, peak_memory, idle_memory, or a list of them",
      "claims[0].versus: must be a target name, a list of target names, or { language: [names of languages] }",
      'claims[0].expect: unknown field "colour"',
    ]);
  });

  it("rejects a claim without a relation, or with a missing field", () => {
    expect(problemsOf({ claims: [claim({ expect: {} }), { id: "x", text: "t" }] })).toEqual([
      "claims[0].expect: must NOT have fewer than 1 properties",
      'claims[1]: missing field "metric"',
      'claims[1]: missing field "subject"',
      'claims[1]: missing field "versus"',
      'claims[1]: missing field "expect"',
    ]);
  });
});

describe("readClaimsFile", () => {
  const write = (name: string, text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-claims-")), name);
    writeFileSync(file, text);
    return file;
  };

  it("reads JSON as well as YAML", () => {
    const file = write("claims.json", JSON.stringify({ claims: [claim()] }));
    expect(readClaimsFile(file).claims).toHaveLength(1);
  });

  it("refuses an invalid file with a usage error (exit 2) that lists the problems and names the format", () => {
    const file = write("claims.yaml", "claims:\n  - id: a\n    text: t\n    metric: single\n    subject: a\n    versus: b\n    expect: { faster_by: [3, 1] }\n");
    const error = (() => {
      try {
        readClaimsFile(file, "claims.yaml");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CrudbenchError);
    expect((error as CrudbenchError).exitCode).toBe(2);
    expect((error as CrudbenchError).message).toBe("claims file claims.yaml is not valid:\n  claims[0].expect.faster_by: lo must be ≤ hi (got [3, 1])");
    expect((error as CrudbenchError).hint).toContain("spec/claims.schema.json");
  });

  it("refuses broken YAML and a missing file, saying which", () => {
    expect(() => readClaimsFile(write("broken.yaml", "claims: [\n  - id: x\n"), "broken.yaml")).toThrow(/claims file broken.yaml is not valid YAML or JSON/);
    expect(() => readClaimsFile(write("dup.yaml", "claims: []\nclaims: []\n"), "dup.yaml")).toThrow(/not valid YAML or JSON:\n  Map keys must be unique/);
    expect(() => readClaimsFile("/no/such/claims.yaml")).toThrow(/cannot read claims file \/no\/such\/claims.yaml/);
  });
});
