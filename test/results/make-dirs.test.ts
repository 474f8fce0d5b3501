import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { CrudbenchError, ExitCode } from "../../src/errors.js";
import { makeDirs } from "../../src/results/writer.js";

function usageError(action: () => unknown): CrudbenchError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CrudbenchError);
    expect((error as CrudbenchError).exitCode).toBe(ExitCode.usage);
    return error as CrudbenchError;
  }
  throw new Error("expected a usage error");
}

describe("makeDirs", () => {
  it("creates missing parents and leaves an existing folder alone", () => {
    const root = mkdtempSync(join(tmpdir(), "crudbench-dirs-"));
    makeDirs(join(root, "a", "b", "c"));
    expect(statSync(join(root, "a", "b", "c")).isDirectory()).toBe(true);
    makeDirs(join(root, "a"));
    expect(existsSync(join(root, "a", "b"))).toBe(true);
  });

  it("names a file that stands in the way", () => {
    const root = mkdtempSync(join(tmpdir(), "crudbench-dirs-"));
    writeFileSync(join(root, "charts"), "");
    expect(usageError(() => makeDirs(join(root, "charts"))).message).toBe(`cannot create ${join(root, "charts")}: ${join(root, "charts")} is a file, not a folder`);
    expect(usageError(() => makeDirs(join(root, "charts", "deeper"))).message).toContain("is a file, not a folder");
  });

  it("fails at once under /proc, where Node's recursive mkdir never returns", () => {
    // In a child process with a deadline: a hang here would block this worker for good.
    const writer = pathToFileURL(join(packageRoot, "dist", "results", "writer.js")).href;
    const script = `import { makeDirs } from ${JSON.stringify(writer)}; try { makeDirs("/proc/crudbench-x/y"); } catch (error) { console.log(error.message); }`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 10_000 });
    expect(child.signal).toBeNull();
    expect(child.stdout).toMatch(/^cannot create \/proc\/crudbench-x: ENOENT/);
  });
});
