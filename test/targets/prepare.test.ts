import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import type { PrepareStep, Target } from "../../src/targets/manifest.js";
import { prepareTarget } from "../../src/targets/prepare.js";

/** Steps are real, cheap commands; each notes its run in runs.log so a test sees what ran. */
const note = (name: string) => `fs.appendFileSync("runs.log", "${name}\\n");`;
const build: PrepareStep = {
  name: "build",
  run: ["node", "-e", `${note("build")} fs.mkdirSync("out", { recursive: true }); fs.copyFileSync("src/app.txt", "out/app.txt");`],
  inputs: ["src", "package.json"],
  outputs: ["out/app.txt"],
};
const always: PrepareStep = { name: "always", run: ["node", "-e", note("always")] };

let dir: string;
let logFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crudbench-prepare-"));
  logFile = join(dir, "prepare.log");
  mkdirSync(join(dir, "src", "node_modules"), { recursive: true });
  writeFileSync(join(dir, "src", "app.txt"), "v1");
  writeFileSync(join(dir, "src", "node_modules", "dep.js"), "dep v1");
  writeFileSync(join(dir, "package.json"), "{}");
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function target(prepare: PrepareStep[], requires?: Target["manifest"]["requires"]): Target {
  return {
    dir,
    manifest: {
      name: "tiny-raw",
      displayName: "Tiny",
      language: "JavaScript",
      framework: { name: "none", version: "0" },
      dataAccess: { style: "raw", library: "none", version: "0" },
      databases: ["sqlite"],
      server: { processes: 1, model: "event loop" },
      start: { command: ["node", "server.js"] },
      prepare,
      ...(requires ? { requires } : {}),
    },
  };
}

/** Runs prepare and returns which steps ran, by what they wrote, beside the outcome. */
async function prepare(steps: PrepareStep[] = [build, always]) {
  rmSync(join(dir, "runs.log"), { force: true });
  const output = createRecordingOutput();
  const outcome = await prepareTarget(target(steps), logFile, output);
  const runs = existsSync(join(dir, "runs.log")) ? readFileSync(join(dir, "runs.log"), "utf8").trim().split("\n") : [];
  return { outcome, runs, lines: output.lines };
}

describe("prepare caching", () => {
  it("runs every step the first time, then skips a step with inputs while they are unchanged", async () => {
    const first = await prepare();
    expect(first.outcome).toMatchObject({ ok: true, ran: ["build", "always"], skipped: [] });
    expect(first.runs).toEqual(["build", "always"]);
    expect(readFileSync(join(dir, "out", "app.txt"), "utf8")).toBe("v1");

    const second = await prepare();
    expect(second.outcome).toMatchObject({ ok: true, ran: ["always"], skipped: ["build"] });
    expect(second.runs).toEqual(["always"]);
    expect(second.lines).toContain("[tiny-raw] prepare: build (unchanged, skipped)");
  });

  it("reruns a step when an input file changes, or a file is added to an input folder", async () => {
    await prepare();
    writeFileSync(join(dir, "src", "app.txt"), "v2");
    expect((await prepare()).runs).toEqual(["build", "always"]);
    expect(readFileSync(join(dir, "out", "app.txt"), "utf8")).toBe("v2");
    expect((await prepare()).runs).toEqual(["always"]);
    writeFileSync(join(dir, "src", "extra.txt"), "new");
    expect((await prepare()).runs).toEqual(["build", "always"]);
    rmSync(join(dir, "package.json"));
    expect((await prepare()).runs).toEqual(["build", "always"]);
  });

  it("ignores installed dependencies inside an input folder", async () => {
    await prepare();
    writeFileSync(join(dir, "src", "node_modules", "dep.js"), "dep v2");
    expect((await prepare()).runs).toEqual(["always"]);
  });

  it("reruns a step whose output is missing", async () => {
    await prepare();
    rmSync(join(dir, "out", "app.txt"));
    expect((await prepare()).runs).toEqual(["build", "always"]);
    expect(existsSync(join(dir, "out", "app.txt"))).toBe(true);
  });

  it("reruns a step whose command changed", async () => {
    await prepare();
    const changed: PrepareStep = { ...build, run: [...build.run.slice(0, 2), `${build.run[2]} /* changed */`] };
    expect((await prepare([changed, always])).runs).toEqual(["build", "always"]);
  });
});

describe("prepare failures", () => {
  const failsWhileFlagged: PrepareStep = {
    name: "flaky",
    run: ["node", "-e", `if (fs.existsSync("flag")) { console.error("compiling"); console.error("boom"); process.exit(3); } ${note("flaky")}`],
    inputs: ["src"],
  };

  it("stops at a failing step with its exit code and last lines, and does not remember it as done", async () => {
    writeFileSync(join(dir, "flag"), "");
    const failed = await prepare([failsWhileFlagged, always]);
    expect(failed.outcome).toEqual({ ok: false, reason: 'prepare step "flaky" failed: exited with 3\n    compiling\n    boom', logFile });
    expect(failed.runs).toEqual([]);
    expect(readFileSync(logFile, "utf8")).toContain("boom");

    rmSync(join(dir, "flag"));
    expect((await prepare([failsWhileFlagged, always])).runs).toEqual(["flaky", "always"]);
    expect((await prepare([failsWhileFlagged, always])).runs).toEqual(["always"]);
  });

  it("names a missing toolchain with its hint, and runs nothing", async () => {
    const outcome = await prepareTarget(target([always], [{ command: "surely-not-a-command-xyz", hint: "apt-get install xyz" }]), logFile, createRecordingOutput());
    expect(outcome).toEqual({ ok: false, reason: "missing toolchain: `surely-not-a-command-xyz` is not on PATH (apt-get install xyz)", logFile });
    expect(existsSync(join(dir, "runs.log"))).toBe(false);
  });

  it("names a program that cannot be started", async () => {
    const { outcome } = await prepare([{ name: "ghost", run: ["bin/not-there"] }]);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/^prepare step "ghost" failed: could not start `.*\/bin\/not-there`: .*ENOENT/) });
  });

  it("stops a step that runs past its timeout", async () => {
    const { outcome } = await prepare([{ name: "slow", run: ["node", "-e", "setTimeout(() => {}, 60000)"], timeoutSeconds: 1 }]);
    expect(outcome).toEqual({ ok: false, reason: 'prepare step "slow" failed: timed out after 1 s', logFile });
  });

  it("lets one crudbench at a time prepare a folder: the second waits, then finds the work done", async () => {
    const slowBuild: PrepareStep = { ...build, run: ["node", "-e", `${note("start")} Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); ${note("end")} fs.mkdirSync("out", { recursive: true }); fs.copyFileSync("src/app.txt", "out/app.txt");`] };
    const waiting = createRecordingOutput();
    const [first, second] = await Promise.all([prepareTarget(target([slowBuild]), logFile, createRecordingOutput()), prepareTarget(target([slowBuild]), logFile, waiting)]);
    expect(readFileSync(join(dir, "runs.log"), "utf8")).toBe("start\nend\n");
    expect([first, second]).toMatchObject([
      { ok: true, ran: ["build"], skipped: [] },
      { ok: true, ran: [], skipped: ["build"] },
    ]);
    expect(JSON.stringify(waiting)).toMatch(/waiting for another crudbench \(pid \d+\) preparing this target/);
    expect(existsSync(join(dir, ".crudbench", "prepare.lock"))).toBe(false);
  });

  it("takes over a lock left by a process that died", async () => {
    mkdirSync(join(dir, ".crudbench", "prepare.lock"), { recursive: true });
    writeFileSync(join(dir, ".crudbench", "prepare.lock", "pid"), String(2 ** 22 + 4321));
    expect(await prepareTarget(target([always]), logFile, createRecordingOutput())).toMatchObject({ ok: true, ran: ["always"], skipped: [] });
  });
});


describe("prepare record", () => {
  const recordFile = () => join(dir, ".crudbench", "prepare-record.json");

  it("records a prepare that ran every step with no output present, and keeps it through later partial ones", async () => {
    const first = await prepare();
    expect(first.outcome).toMatchObject({ ok: true, recordedNow: true, record: { from_scratch: true, seconds: expect.any(Number), finished_at: expect.any(String) } });
    const written = JSON.parse(readFileSync(recordFile(), "utf8")) as { seconds: number; finished_at: string };
    expect(first.outcome).toMatchObject({ record: written });
    expect(written.seconds).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(written.finished_at))).toBe(false);

    const second = await prepare();
    expect(second.outcome).toMatchObject({ ok: true, ran: ["always"], recordedNow: false, record: written });
  });

  it("does not record a rerun while a step's output folder is still there, even when every step runs", async () => {
    await prepare();
    rmSync(recordFile());
    rmSync(join(dir, "out", "app.txt"));
    const rerun = await prepare();
    expect(rerun.runs).toEqual(["build", "always"]);
    expect(rerun.outcome).toMatchObject({ ok: true, recordedNow: false, record: null });
    expect(existsSync(recordFile())).toBe(false);
  });

  it("does not record a prepare whose artefact folder existed before it", async () => {
    mkdirSync(join(dir, "bin"));
    const steps = target([build, always]);
    steps.manifest.artefacts = ["bin/app"];
    const outcome = await prepareTarget(steps, logFile, createRecordingOutput());
    expect(outcome).toMatchObject({ ok: true, ran: ["build", "always"], recordedNow: false, record: null });
  });
});
