import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrudbenchError, ExitCode } from "../../src/errors.js";
import { discoverTargets, requireDatabaseSupport, selectTargets } from "../../src/targets/discovery.js";
import { validateManifest } from "../../src/targets/manifest.js";
import { defaultTargetsDir } from "../../src/paths.js";

const valid = {
  name: "demo-raw",
  displayName: "Demo",
  language: "TypeScript",
  framework: { name: "Demo", version: "1.0.0" },
  dataAccess: { style: "raw", library: "better-sqlite3", version: "12.9.0" },
  databases: ["sqlite"],
  server: { processes: 1, model: "event loop" },
  start: { command: ["node", "server.js"] },
};

function targetsFolder(manifests: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-manifests-"));
  for (const [name, manifest] of Object.entries(manifests)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "target.json"), typeof manifest === "string" ? manifest : JSON.stringify(manifest));
  }
  return dir;
}

describe("validateManifest", () => {
  it("accepts a complete manifest", () => {
    expect(validateManifest(valid, "demo-raw")).toEqual({ manifest: valid });
  });

  it("rejects unknown placeholders, naming where they stand and what is allowed there", () => {
    const result = validateManifest(
      { ...valid, start: { command: ["node", "server.js", "--port", "{prot}"], env: { DB: "{databaseUrl}", X: "{nope}" } }, prepare: [{ name: "build", run: ["make", "{port}"] }] },
      "demo-raw",
    );
    expect(result).toEqual({
      problems: [
        "start.command.3: unknown placeholder {prot} (allowed here: {host}, {port}, {databaseUrl}, {databasePath}, {targetDir})",
        "start.env.X: unknown placeholder {nope} (allowed here: {host}, {port}, {databaseUrl}, {databasePath}, {targetDir})",
        "prepare.0.run.1: unknown placeholder {port} (allowed here: {targetDir})",
      ],
    });
  });

  it("reports every problem at once, naming each field", () => {
    const result = validateManifest({ ...valid, dataAccess: { ...valid.dataAccess, style: "sql" }, databases: [], colour: "red", start: {} }, "demo-raw");
    expect("problems" in result).toBe(true);
    const problems = (result as { problems: string[] }).problems.join("\n");
    expect(problems).toContain("dataAccess.style: must be one of");
    expect(problems).toContain("databases");
    expect(problems).toContain('unknown field "colour"');
    expect(problems).toContain("start: must have required property 'command'");
  });

  it("requires the name to match the folder", () => {
    expect(validateManifest(valid, "other-raw")).toEqual({ problems: ['name "demo-raw" must equal the folder name "other-raw"'] });
  });
});

describe("discoverTargets", () => {
  it("finds the shipped targets, all valid", () => {
    const names = discoverTargets(defaultTargetsDir).map((t) => t.manifest.name);
    expect(names).toContain("fastify-raw");
  });

  it("lists problems of every broken manifest with its path", () => {
    const dir = targetsFolder({ "demo-raw": { ...valid, server: {} }, "bad-json": "{ nope" });
    let error: unknown;
    try {
      discoverTargets(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CrudbenchError);
    const message = (error as CrudbenchError).message;
    expect(message).toContain(join(dir, "bad-json", "target.json"));
    expect(message).toContain("not valid JSON");
    expect(message).toContain("server: must have required property 'processes'");
    expect((error as CrudbenchError).exitCode).toBe(ExitCode.usage);
  });

  it("is a usage error for a missing folder", () => {
    expect(() => discoverTargets("/nonexistent/targets")).toThrow(/does not exist/);
  });

  it("is a usage error, not a crash, for a file, an empty folder, or a link to nothing", () => {
    const file = join(targetsFolder({}), "a-file");
    writeFileSync(file, "");
    expectUsageError(() => discoverTargets(file), `targets folder ${file} is not a folder`);
    const empty = targetsFolder({});
    expectUsageError(() => discoverTargets(empty), `no targets in ${empty}: no folder there has a target.json`);
    const dangling = targetsFolder({ "demo-raw": valid });
    symlinkSync(join(dangling, "gone"), join(dangling, "broken-link"));
    expectUsageError(() => discoverTargets(dangling), `${join(dangling, "broken-link")}: a symbolic link to nothing`);
  });
});

function expectUsageError(action: () => unknown, message: string): void {
  let error: unknown;
  try {
    action();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(CrudbenchError);
  expect((error as CrudbenchError).message).toContain(message);
  expect((error as CrudbenchError).exitCode).toBe(ExitCode.usage);
}

describe("selectTargets", () => {
  const all = [{ dir: "/a", manifest: { ...valid, name: "a-raw" } }, { dir: "/b", manifest: { ...valid, name: "b-orm" } }] as never[];

  it("keeps the order asked for", () => {
    expect(selectTargets(all, ["b-orm", "a-raw"]).map((t: { dir: string }) => t.dir)).toEqual(["/b", "/a"]);
  });

  it("refuses a target named twice (it would be compared with itself)", () => {
    expectUsageError(() => selectTargets(all, ["a-raw", "b-orm", "a-raw"]), "target named more than once: a-raw");
  });

  it("names unknown targets and the available ones", () => {
    expect(() => selectTargets(all, ["does-not-exist"])).toThrow(/unknown target: does-not-exist/);
    try {
      selectTargets(all, ["does-not-exist"]);
    } catch (error) {
      expect((error as CrudbenchError).hint).toContain("a-raw, b-orm");
    }
  });
});

describe("requireDatabaseSupport", () => {
  const sqliteOnly = [{ dir: "/a", manifest: { ...valid, name: "a-raw" } }] as never[];
  it("refuses a run in which every target would be skipped", () => {
    expectUsageError(() => requireDatabaseSupport(sqliteOnly, "postgres"), "none of the chosen targets supports the postgres database (a-raw: sqlite)");
  });
  it("accepts a run in which one target can be measured", () => {
    expect(() => requireDatabaseSupport(sqliteOnly, "sqlite")).not.toThrow();
  });
});
