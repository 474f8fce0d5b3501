import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countNpmDependencies, productionClosure, resolveIn, type PackageLock } from "../../../src/cost/dependencies/npm.js";

const workspace = join(import.meta.dirname, "..", "..", "fixtures", "cost", "npm-workspace");
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const lock = JSON.parse(readFileSync(join(workspace, "package-lock.json"), "utf8")) as PackageLock;

describe("resolveIn", () => {
  it("looks in the requirer's own node_modules, then up its ancestors', and follows workspace links", () => {
    expect(resolveIn(lock, "node_modules/b", "shared")).toBe("node_modules/b/node_modules/shared");
    expect(resolveIn(lock, "node_modules/a", "shared")).toBe("node_modules/shared");
    expect(resolveIn(lock, "node_modules/b/node_modules/shared", "leaf")).toBe("node_modules/leaf");
    expect(resolveIn(lock, "packages/api", "local-only")).toBe("packages/api/node_modules/local-only");
    expect(resolveIn(lock, "node_modules/a", "local-only")).toBeUndefined();
    expect(resolveIn(lock, "", "api")).toBe("packages/api");
  });
});

describe("productionClosure", () => {
  it("follows dependencies, present optional ones and required peers, never dev dependencies or optional peers", () => {
    expect(productionClosure(lock, "packages/api")).toEqual({
      direct: ["@s/c", "a", "b", "local-only", "opt-present"],
      closure: ["node_modules/@s/c", "node_modules/a", "node_modules/b", "node_modules/b/node_modules/shared", "node_modules/leaf", "node_modules/opt-present", "node_modules/shared", "packages/api/node_modules/local-only"],
      missing: [],
    });
  });

  it("names a required package the lock lacks", () => {
    const broken: PackageLock = { packages: { "": { dependencies: { ghost: "1.0.0" } } } };
    expect(productionClosure(broken, "")).toEqual({ direct: ["ghost"], closure: [], missing: ["ghost (from the root)"] });
  });
});

describe("countNpmDependencies", () => {
  it("counts a workspace of an ancestor's lock", () => {
    const counted = countNpmDependencies(join(workspace, "packages", "api"));
    expect(counted).toMatchObject({ counts: { direct: 5, total: 8, source: "package-lock.json (workspace packages/api)", note: "production dependencies only (devDependencies left out); a package installed at two versions counts twice" }, closure: { lockDir: workspace } });
  });

  it("counts a lock's root package when the target has its own lock", () => {
    expect(countNpmDependencies(workspace)).toMatchObject({ counts: { direct: 1, total: 1, source: "package-lock.json", note: "production dependencies only (devDependencies left out); a package installed at two versions counts twice" } });
  });

  it("on the repository's own lock, counts targets/fastify-raw's production dependencies as direct", () => {
    const targetDir = join(repoRoot, "targets", "fastify-raw");
    const manifest = JSON.parse(readFileSync(join(targetDir, "package.json"), "utf8")) as { dependencies?: object; optionalDependencies?: object };
    const production = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]);
    const counted = countNpmDependencies(targetDir);
    if (!("counts" in counted)) throw new Error(counted.reason);
    expect(counted.counts.source).toBe("package-lock.json (workspace targets/fastify-raw)");
    expect(counted.counts.direct).toBe(production.size);
    expect(counted.counts.total).toBeGreaterThan(production.size);
    expect(counted.counts.note).toBe("production dependencies only (devDependencies left out); a package installed at two versions counts twice");
    // The harness's own dependencies and the target's dev dependencies are not its cost.
    expect(counted.closure.packages).not.toContain("node_modules/typescript");
    expect(counted.closure.packages).not.toContain("node_modules/vega");
  });
});
