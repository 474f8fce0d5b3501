import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/lifecycle/command.js";
import { findPostgresBinDir } from "../../src/database/postgres-cluster.js";
import { packageRoot } from "../../src/paths.js";

const SCRIPT = join(packageRoot, "scripts", "install-test-deps.sh");
const BASH = findOnPath("bash")!;
const isRoot = process.getuid?.() === 0;

/**
 * Runs the script with PATH holding only the named commands, so wrk (found on PATH) is
 * missing whatever the machine has; as root, drops to `nobody` where `asNobody` says so.
 */
function runScript(commands: string[], asNobody: boolean) {
  const bin = mkdtempSync(join(tmpdir(), "crudbench-path-"));
  for (const command of commands) symlinkSync(findOnPath(command)!, join(bin, command));
  chmodSync(bin, 0o755); // searchable by nobody
  const [program, args] = asNobody && isRoot ? [findOnPath("setpriv")!, ["--reuid=65534", "--regid=65534", "--clear-groups", BASH, SCRIPT]] : [BASH, [SCRIPT]];
  return spawnSync(program, args, { env: { PATH: bin, LANG: "C" }, encoding: "utf8", timeout: 30_000 });
}

describe("scripts/install-test-deps.sh", () => {
  it("fails, naming wrk and the apt-get command, when it may not install (not root)", () => {
    const result = runScript(["id", "apt-get"], true);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: the tests need these Debian packages, and they are not installed: .*\bwrk\b/m);
    expect(result.stderr).toMatch(/sudo apt-get install [a-z ]*\bwrk\b/);
  });

  it("fails, naming wrk, where there is no apt-get", () => {
    const result = runScript(["id"], false);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not installed: .*\bwrk\b/);
    expect(result.stderr).toContain("there is no apt-get here");
    expect(result.stderr).toMatch(/apt-get install [a-z ]*\bwrk\b/);
  });

  const allPresent = existsSync("/usr/bin/chromium") && findOnPath("wrk") !== undefined && findPostgresBinDir() !== undefined;
  it.skipIf(!allPresent)("exits 0 without a word when everything is installed", () => {
    const result = spawnSync(BASH, [SCRIPT], { env: { ...process.env, LANG: "C" }, encoding: "utf8", timeout: 30_000 });
    expect([result.status, result.stderr, result.stdout]).toEqual([0, "", ""]);
  });
});
