import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { measureBuildCost } from "../../src/cost/build-cost.js";
import { writePrepareRecord } from "../../src/cost/prepare-record.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "cost");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crudbench-cost-"));
  cpSync(join(fixtures, "lines-target"), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("measureBuildCost", () => {
  it("fills every part a prepared target has", async () => {
    cpSync(join(fixtures, "go-target", "go.mod"), join(dir, "go.mod"));
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "server"), "x".repeat(1234));
    mkdirSync(join(dir, ".crudbench"));
    const record = { seconds: 41.5, finished_at: "2026-11-30T15:00:00.000Z", from_scratch: true };
    writePrepareRecord(dir, record);

    const cost = await measureBuildCost({ dir, manifest: { artefacts: ["out/server"] } });
    expect(cost).toEqual({
      lines: expect.objectContaining({ counter: "cloc 1.96", code: 7 }),
      dependencies: expect.objectContaining({ direct: 2, total: 5, source: "go.mod" }),
      artefact: { bytes: 1234, parts: [{ path: "out/server", bytes: 1234 }] },
      prepare: record,
      reasons: {},
    });
  });

  it("says why each part it cannot know is null, and does not throw", async () => {
    const cost = await measureBuildCost({ dir, manifest: { artefacts: ["out/server"] } }, { runCloc: () => Promise.reject(new Error("spawn perl ENOENT")) });
    expect(cost).toEqual({
      lines: null,
      dependencies: null,
      artefact: null,
      prepare: null,
      reasons: {
        lines: "cloc needs perl: could not run it: spawn perl ENOENT (apt-get install perl)",
        dependencies: "no Cargo.toml, go.mod, requirements.txt or package.json in the target folder",
        artefact: "not built: out/server is missing (prepare the target)",
        prepare: "no prepare from scratch recorded here (it is recorded when prepare runs every step with none of their outputs present)",
      },
    });
  });

  it("adds an npm workspace target's node_modules share to its artefacts", async () => {
    const workspace = join(dir, "ws");
    cpSync(join(fixtures, "npm-workspace"), workspace, { recursive: true });
    const closure = ["node_modules/@s/c", "node_modules/a", "node_modules/b", "node_modules/b/node_modules/shared", "node_modules/leaf", "node_modules/opt-present", "node_modules/shared", "packages/api/node_modules/local-only"];
    for (const path of [...closure, "node_modules/dev-tool"]) {
      mkdirSync(join(workspace, path), { recursive: true });
      writeFileSync(join(workspace, path, "index.js"), "x".repeat(10));
    }
    mkdirSync(join(workspace, "packages", "api", "dist"));
    writeFileSync(join(workspace, "packages", "api", "dist", "server.js"), "x".repeat(7));
    const cost = await measureBuildCost({ dir: join(workspace, "packages", "api"), manifest: { artefacts: ["dist"] } });
    expect(cost.dependencies).toMatchObject({ direct: 5, total: 8 });
    expect(cost.artefact).toEqual({
      bytes: 87,
      parts: [
        { path: "dist", bytes: 7 },
        { path: "node_modules share (8 packages)", bytes: 80 },
      ],
    });
  });

  it("turns an unreadable part into its reason", async () => {
    writeFileSync(join(dir, "Cargo.toml"), "[package]\nname = 'x'\n");
    writeFileSync(join(dir, "Cargo.lock"), "this is = = not toml");
    const cost = await measureBuildCost({ dir, manifest: {} });
    expect(cost.dependencies).toBeNull();
    expect(cost.reasons.dependencies).toMatch(/^could not read Cargo.toml or Cargo.lock: /);
  });

  it("turns a part that throws into its reason", async () => {
    writeFileSync(join(dir, "requirements.txt"), "flask==3.1.3\n");
    mkdirSync(join(dir, ".venv"));
    writeFileSync(join(dir, ".venv", "lib"), "a file where the virtualenv's lib folder should be");
    const cost = await measureBuildCost({ dir, manifest: {} });
    expect(cost.dependencies).toBeNull();
    expect(cost.reasons.dependencies).toMatch(/^could not measure: ENOTDIR/);
  });
});
