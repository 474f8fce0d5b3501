import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { colourEnabled } from "../../src/console/output.js";
import { COMPATIBLE_SCHEMA_VERSIONS, RESULTS_SCHEMA_VERSION } from "../../src/results/types.js";
import { runCli } from "../support/cli.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

describe("crudbench CLI", () => {
  it("rejects an unknown target with a clear error and exit 2", async () => {
    const run = await runCli(["run", "--targets", "does-not-exist"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown target: does-not-exist");
    expect(run.stderr).toMatch(/hint: available: .*fastify-raw/);
    expect(run.stderr).toContain("--url NAME=http://host:port");
  });

  it("rejects bad option values with exit 2, naming the option", async () => {
    const run = await runCli(["run", "--sessions", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--sessions");
    expect(run.stderr).toContain("must be a whole number ≥ 1");
  });

  it.each([
    [["run", "--url", "http://127.0.0.1:3000"], "no NAME= before the URL"],
    [["run", "--url", "Bad_Name=http://127.0.0.1:3000"], "is not a valid target name"],
    [["load", "--url", "x=https://127.0.0.1:3000"], "https is not supported"],
    [["check", "--url", "x=http://127.0.0.1"], "needs a host and an explicit port"],
    [["check", "--url", "fastify-raw=http://127.0.0.1:3000"], '"fastify-raw" is already a local target\'s name'],
    [["run", "--url", "x=http://127.0.0.1:3000", "--url", "x=http://127.0.0.1:3001"], '"x" is given twice'],
    [["run", "-t", "fastify-raw", "--url", "fastify-raw=http://127.0.0.1:3000"], '"fastify-raw" is already a local target\'s name'],
    [["load", "-t", "fastify-raw", "--url", "mine=http://127.0.0.1:3000"], "not named in -t (-t fastify-raw)"],
    [["check", "fastify-raw", "--url", "mine=http://127.0.0.1:3000"], "not among the targets named (fastify-raw)"],
  ])("rejects a bad --url (%j) with exit 2, an error naming the problem and a hint", async (args, problem) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --url");
    expect(run.stderr).toContain(problem);
    expect(run.stderr).toContain("hint: ");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("rejects unknown commands and options with exit 2", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["run", "--turbo"])).code).toBe(2);
  });

  it("prints help with the exit codes and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Exit codes:");
    const runHelp = await runCli(["run", "--help"]);
    expect(runHelp.code).toBe(0);
    expect(runHelp.stdout).toContain("--bulk-size");
  });

  it("lists the targets", async () => {
    const run = await runCli(["list"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\| fastify-raw \| TypeScript \| Fastify 5/);
  });

  it("refuses a corrupt results file with exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-cli-")), "results.json");
    writeFileSync(file, "not json");
    const run = await runCli(["report", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read results file ${file}`);
  });
});

describe("colour", () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  it("is on for a TTY, off with NO_COLOR or without a TTY", () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });
});

describe("unusable output", () => {
  it("refuses a results folder it cannot write, before starting anything, with exit 2", async () => {
    const run = await runCli(["run", "--targets", "fastify-raw", "--out", "/etc/hostname/results"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("results folder /etc/hostname/results is not writable");
    expect(run.stderr).toContain("hint: pass --out with a writable folder");
  });

  it("refuses a corrupt results file given to compare, with exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-cli-")), "broken.json");
    writeFileSync(file, JSON.stringify({ schema_version: RESULTS_SCHEMA_VERSION }));
    const run = await runCli(["compare", file, file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a valid crudbench results file");
  });

  it("refuses a results file of an older schema given to compare, saying which and what to do, with exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-cli-")), "old.json");
    // The newest schema older than what COMPATIBLE_SCHEMA_VERSIONS lets through.
    const old = Math.min(RESULTS_SCHEMA_VERSION, ...COMPATIBLE_SCHEMA_VERSIONS) - 1;
    writeFileSync(file, JSON.stringify({ schema_version: old, targets: [] }));
    const run = await runCli(["compare", file, file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`uses results schema ${old}; this crudbench reads schema ${RESULTS_SCHEMA_VERSION}`);
    expect(run.stderr).toContain("hint: re-run `crudbench run`");
    noStackTrace(run.stderr);
  });

  /** A valid results file to render, written to a fresh folder. */
  const resultsFile = () => {
    const file = join(mkdtempSync(join(tmpdir(), "crudbench-cli-")), "results.json");
    writeFileSync(file, JSON.stringify(fixtureResults([fixtureTarget("flask-raw", "Python", "raw", 1)])));
    return file;
  };
  const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

  it("names a file standing where the charts folder goes, with exit 2", async () => {
    const out = mkdtempSync(join(tmpdir(), "crudbench-cli-out-"));
    writeFileSync(join(out, "charts"), "");
    const run = await runCli(["report", resultsFile(), "-o", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(out, "charts")} is a file, not a folder`);
    noStackTrace(run.stderr);
  });

  it("fails at once, with exit 2, for a folder under /proc (Node's recursive mkdir hangs there)", async () => {
    const run = await runCli(["report", resultsFile(), "-o", "/proc/crudbench-x"], {}, 20_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot create /proc/crudbench-x");
  });
});

describe("bad targets folders and target lists", () => {
  const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

  it("is exit 2 with a clear error for a targets folder that is a file or holds a link to nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crudbench-cli-targets-"));
    writeFileSync(join(dir, "a-file"), "");
    const file = await runCli(["list", "--targets-dir", join(dir, "a-file")]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("is not a folder");
    noStackTrace(file.stderr);
    symlinkSync(join(dir, "gone"), join(dir, "dangling"));
    const dangling = await runCli(["list", "--targets-dir", dir]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain("a symbolic link to nothing");
    noStackTrace(dangling.stderr);
  });

  it("refuses a target named twice, and says when a number is too large rather than not whole", async () => {
    const twice = await runCli(["run", "-t", "fastify-raw,fastify-raw"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("target named more than once: fastify-raw");
    const huge = await runCli(["run", "-S", "99999999999999999999"]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain("must be at most 9007199254740991");
  });
});
