import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Session } from "../../src/run/target-session.js";
import type { Launcher } from "../../src/run/target-session.js";
import { FakeTaskApi } from "./fake-task-api.js";

/**
 * The pipeline's seam for tests: a Launcher that starts an in-process fake Task API instead
 * of a target's process, so run logic (sessions, failures, interrupts, results) is tested in
 * seconds without building anything. Each session is a fresh fake; `prepare(name, purpose,
 * fake)` may inject faults before the harness sees it.
 */
export interface FakeLaunches {
  launch: Launcher;
  /** "name purpose" of every session, in the order the harness asked for them. */
  sessions: string[];
  /** Every fake started, in order. */
  fakes: FakeTaskApi[];
}

export function fakeLauncher(prepare: (name: string, purpose: string, fake: FakeTaskApi) => void = () => {}): FakeLaunches {
  const sessions: string[] = [];
  const fakes: FakeTaskApi[] = [];
  const launch: Launcher = async (target, purpose, options): Promise<Session> => {
    const name = target.manifest.name;
    sessions.push(`${name} ${purpose}`);
    const database = await options.databases.create(`${name}-${purpose}`);
    const spawnedAt = performance.now();
    const fake = await FakeTaskApi.start();
    const readyMs = performance.now() - spawnedAt;
    fakes.push(fake);
    prepare(name, purpose, fake);
    let exit: (info: { code: number | null; signal: NodeJS.Signals | null }) => void = () => {};
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (exit = resolve));
    const port = Number(new URL(fake.baseUrl).port);
    return {
      ok: true,
      // The fake lives in this process: memory is sampled from it, which is all a test needs.
      target: {
        pid: process.pid,
        port,
        baseUrl: fake.baseUrl,
        logFile: options.logFile,
        spawnedAt,
        readyMs,
        exited,
        hasExited: () => {
          if (fake.exited) exit({ code: 7, signal: null });
          return fake.exited;
        },
        stop: () => fake.close(),
      },
      database: { ...database, direct: fake.database },
      close: async () => {
        await fake.close();
        await database.dispose();
      },
    };
  };
  return { launch, sessions, fakes };
}

/** A targets folder of manifests whose start commands are never run (the fake stands in). */
export function fakeTargetsDir(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-fake-targets-"));
  for (const name of names) {
    mkdirSync(join(dir, name));
    const manifest = {
      name,
      displayName: `${name} (in-process fake)`,
      language: "TypeScript",
      framework: { name: "node:http", version: "fake" },
      dataAccess: { style: name.endsWith("-orm") ? "orm" : "raw", library: "memory", version: "fake" },
      databases: ["sqlite"],
      server: { processes: 1, model: "event loop" },
      start: { command: ["node", "never-started.js"] },
    };
    writeFileSync(join(dir, name, "target.json"), JSON.stringify(manifest));
  }
  return dir;
}
