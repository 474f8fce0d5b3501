import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { runCli } from "../support/cli.js";

const FAULT_FIXTURES = ["crashes-mid-run", "hangs-mid-run", "errors-mid-run"];

/**
 * The fault fixtures serve the real fastify-raw. On a clean clone nothing has compiled it
 * yet, so each fixture must build what it needs in its own prepare step. Checked on a copy
 * of the repository's relevant files without any build output (the real tree's
 * targets/fastify-raw/dist may exist, built by another test), sharing only node_modules.
 */
describe("fault fixtures on a clean tree", () => {
  it("build what they serve in their own prepare step and pass conformance", { timeout: 180_000 }, async () => {
    const tree = mkdtempSync(join(tmpdir(), "crudbench-clean-tree-"));
    const copy = (path: string) => cpSync(join(packageRoot, path), join(tree, path), { recursive: true });
    for (const path of ["targets/fastify-raw/src", "targets/fastify-raw/tsconfig.json", "targets/fastify-raw/package.json", "test/fixtures/faulty-fastify.mjs", "test/fixtures/build-faulty-fastify.mjs"]) copy(path);
    for (const name of FAULT_FIXTURES) copy(`test/fixtures/targets/${name}/target.json`);
    symlinkSync(join(packageRoot, "node_modules"), join(tree, "node_modules"));
    mkdirSync(join(tree, "scratch"));
    expect(existsSync(join(tree, "targets/fastify-raw/dist"))).toBe(false);

    const run = await runCli(["check", ...FAULT_FIXTURES, "--targets-dir", join(tree, "test/fixtures/targets"), "--json"], { TMPDIR: join(tree, "scratch") });

    const report = JSON.parse(run.stdout) as { targets: { name: string; status: string; reason: string | null }[] };
    expect(report.targets.map((t) => [t.name, t.status, t.reason])).toEqual(FAULT_FIXTURES.map((name) => [name, "passed", null]));
    expect(run.code).toBe(0);
    // The first fixture compiled the copy; the other two found it up to date.
    expect(run.stderr.match(/compiled fastify-raw into/g)).toHaveLength(1);
    expect(existsSync(join(tree, "test/fixtures/dist/fastify-raw/server.js"))).toBe(true);
    expect(existsSync(join(tree, "targets/fastify-raw/dist"))).toBe(false);
  });
});
