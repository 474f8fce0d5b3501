import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countGoDependencies, goModCounts } from "../../../src/cost/dependencies/go.js";

const fixture = join(import.meta.dirname, "..", "..", "fixtures", "cost", "go-target");

describe("countGoDependencies", () => {
  it("counts require lines, single and in blocks: direct without // indirect, total all", () => {
    expect(countGoDependencies(fixture)).toEqual({
      counts: { direct: 2, total: 5, source: "go.mod", note: "go.mod lists every module the build needs (go 1.17 or newer), each `// indirect` one included" },
    });
  });

  it("warns that a go.mod older than go 1.17 may not list every indirect module", () => {
    expect(goModCounts("module m\n\ngo 1.16\n\nrequire a.example/x v1.0.0\n")).toEqual({ direct: 1, total: 1, goVersion: "1.16" });
    expect(countGoDependencies(join(fixture, "missing"))).toMatchObject({ reason: expect.stringMatching(/^could not read go.mod: .*ENOENT/) });
  });
});
