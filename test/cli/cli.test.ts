import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { colourEnabled } from "../../src/console/output.js";
import { runCli } from "../support/cli.js";

describe("crudbench CLI", () => {
  it("rejects an unknown target with a clear error and exit 2", async () => {
    const run = await runCli(["run", "--targets", "does-not-exist"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown target: does-not-exist");
    expect(run.stderr).toMatch(/hint: available: .*fastify-raw/);
  });

  it("rejects bad option values with exit 2, naming the option", async () => {
    const run = await runCli(["run", "--iterations", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--iterations");
    expect(run.stderr).toContain("must be a whole number ≥ 1");
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
    writeFileSync(file, '{"schema_version": 1}');
    const run = await runCli(["compare", file, file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a valid crudbench results file");
  });
});
