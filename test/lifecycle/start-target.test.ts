import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase } from "../../src/database/sqlite.js";
import { listeningSocketsOf } from "../../src/lifecycle/listening-sockets.js";
import { processTree } from "../../src/lifecycle/process-tree.js";
import { startTarget } from "../../src/lifecycle/target-process.js";
import { defaultTargetsDir } from "../../src/paths.js";
import { discoverTargets } from "../../src/targets/discovery.js";
import { prepareTarget } from "../../src/targets/prepare.js";
import { createRecordingOutput } from "../../src/console/output.js";

const fastify = discoverTargets(defaultTargetsDir).find((t) => t.manifest.name === "fastify-raw")!;
const dir = mkdtempSync(join(tmpdir(), "crudbench-start-"));

describe("starting a real target", () => {
  let blocker: Server;
  let takenPort = 0;

  beforeAll(async () => {
    const prepared = await prepareTarget(fastify, join(dir, "prepare.log"), createRecordingOutput());
    expect(prepared.ok).toBe(true);
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: "127.0.0.1", port: 0 }, resolve));
    takenPort = (blocker.address() as { port: number }).port;
  }, 300_000);

  afterAll(() => {
    blocker?.close();
  });

  it("times its cold start from spawn: a server that waits before listening is seen ready after the wait, not before", async () => {
    const delayMs = 400;
    // Listens only after delayMs: its readiness can be seen no sooner than that after spawn.
    const script = `setTimeout(() => require("node:http").createServer((q, s) => s.end('{"status":"ok"}')).listen(+process.env.PORT, process.env.HOST), ${delayMs})`;
    const late = { dir, manifest: { start: { command: [process.execPath, "-e", script], readyPath: "/health" } } };
    const database = createSqliteDatabase(join(dir, "late.db"));
    const started = await startTarget(late, { databaseUrl: database.url, databasePath: database.path, poolSize: 1, logFile: join(dir, "late.log") });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    await started.target.stop();
    await database.dispose();
    expect(started.target.readyMs).toBeGreaterThanOrEqual(delayMs);
    // From spawn, not from some later moment nor the run's start: bounded by the readiness timeout.
    expect(started.target.readyMs).toBeLessThan(delayMs + 30_000);
  });

  it("binds loopback only, and is stopped with its whole tree", async () => {
    const database = createSqliteDatabase(join(dir, "ok.db"));
    const started = await startTarget(fastify, { databaseUrl: database.url, databasePath: database.path, poolSize: 4, logFile: join(dir, "ok.log") });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const tree = processTree(started.target.pid);
    const sockets = listeningSocketsOf(tree);
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((s) => s.address === "127.0.0.1")).toBe(true);
    await started.target.stop();
    expect(processTree(started.target.pid)).toEqual([]);
    await database.dispose();
  });

  it("reports a port already taken by another program, and leaves nothing running", async () => {
    const database = createSqliteDatabase(join(dir, "taken.db"));
    const started = await startTarget(fastify, { databaseUrl: database.url, databasePath: database.path, poolSize: 4, logFile: join(dir, "taken.log"), port: takenPort, readyTimeoutMs: 10_000 });
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.reason).toContain(`port ${takenPort} already in use`);
    await database.dispose();
  });
});
