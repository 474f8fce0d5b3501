import { spawn } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "undici";
import { fillPlaceholders, resolveProgram, supervisedArgv, unstartableProgram, type PlaceholderValues, type StartCommand } from "./command.js";
import { describeError } from "../errors.js";
import { findFreePort } from "./free-port.js";
import { exposedSockets, listeningSocketsOf } from "./listening-sockets.js";
import { processTree } from "./process-tree.js";
import { groupIsAlive, signalGroup, trackGroup, untrackGroup } from "./process-registry.js";

export const LOOPBACK = "127.0.0.1";
/** Readiness is polled this often: it bounds how late a cold start's ready time can be seen. */
export const READY_POLL_MS = 2;
const STOP_GRACE_MS = 5_000;
const START_ATTEMPTS = 3;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningTarget {
  pid: number;
  port: number;
  baseUrl: string;
  logFile: string;
  /** performance.now() just before the process was spawned: where its cold start begins. */
  spawnedAt: number;
  /** Spawn to the first 200 from the readiness path, in ms. */
  readyMs: number;
  /** Resolves when the target's main process exits, for whatever reason. */
  exited: Promise<ExitInfo>;
  hasExited(): boolean;
  stop(): Promise<void>;
}

export type StartOutcome = { ok: true; target: RunningTarget } | { ok: false; reason: string };

/** What starting a server needs: its folder and how it starts (a target manifest satisfies it). */
export interface Startable {
  dir: string;
  manifest: { start: StartCommand };
}

export interface StartOptions {
  databaseUrl: string;
  databasePath: string;
  /** DATABASE_POOL_SIZE: connections each server process may open. */
  poolSize: number;
  logFile: string;
  /** Overrides the manifest's readiness timeout (tests use short ones). */
  readyTimeoutMs?: number | undefined;
  /** A port to use instead of a free one (tests of the port-in-use path). */
  port?: number | undefined;
  signal?: AbortSignal | undefined;
  /** taskset CPU list to run the target on. */
  cpus?: string | undefined;
  /** Extra environment, applied after the manifest's. */
  env?: Record<string, string> | undefined;
}

/**
 * Starts a target in its own process group with output to a log file, waits until its
 * readiness path answers 200, and checks that the answering socket is the target's own and
 * bound to loopback. A target that exits, never becomes ready, or finds its port taken is
 * stopped and reported; nothing is left running.
 */
export async function startTarget(target: Startable, options: StartOptions): Promise<StartOutcome> {
  let lastReason = "";
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = options.port ?? (await findFreePort(LOOPBACK));
    const outcome = await startOnce(target, port, options);
    if (outcome.ok || !outcome.retryable || options.port !== undefined) return outcome.ok ? outcome : { ok: false, reason: outcome.reason };
    lastReason = outcome.reason;
  }
  return { ok: false, reason: `${lastReason} (after ${START_ATTEMPTS} attempts on different ports)` };
}

type AttemptOutcome = { ok: true; target: RunningTarget } | { ok: false; reason: string; retryable: boolean };

async function startOnce(target: Startable, port: number, options: StartOptions): Promise<AttemptOutcome> {
  const { manifest, dir } = target;
  const values: PlaceholderValues = {
    host: LOOPBACK,
    port: String(port),
    databaseUrl: options.databaseUrl,
    databasePath: options.databasePath,
    targetDir: dir,
  };
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: LOOPBACK, PORT: String(port), DATABASE_URL: options.databaseUrl, DATABASE_POOL_SIZE: String(options.poolSize) };
  let argv: string[];
  try {
    argv = manifest.start.command.map((part) => fillPlaceholders(part, values));
    for (const [key, value] of Object.entries(manifest.start.env ?? {})) env[key] = fillPlaceholders(value, values);
  } catch (error) {
    // A manifest mistake is this target's failure, not the run's.
    return { ok: false, reason: `start command: ${describeError(error)}`, retryable: false };
  }
  argv[0] = resolveProgram(argv[0]!, dir);
  const unstartable = unstartableProgram(argv[0]);
  if (unstartable) return { ok: false, reason: `could not start \`${argv[0]}\`: ${unstartable}`, retryable: false };
  Object.assign(env, options.env);

  const logFd = openSync(options.logFile, "a");
  // Killed with the harness, even by SIGKILL, and kept off the harness's CPU.
  const [program, ...args] = supervisedArgv(argv, options.cpus);
  const spawnedAt = performance.now();
  const child = spawn(program!, args, { cwd: dir, env, detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  const spawnError = new Promise<string>((resolve) => child.once("error", (error) => resolve(error.message)));
  if (child.pid === undefined) {
    return { ok: false, reason: `could not start \`${argv[0]}\`: ${await spawnError}`, retryable: false };
  }
  const pid = child.pid;
  trackGroup(pid);
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) =>
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    }),
  );
  const running: RunningTarget = {
    pid,
    port,
    baseUrl: `http://${LOOPBACK}:${port}`,
    logFile: options.logFile,
    spawnedAt,
    readyMs: Number.NaN,
    exited,
    hasExited: () => exitInfo !== undefined,
    stop: () => stopGroup(pid, exited),
  };

  const timeoutMs = options.readyTimeoutMs ?? (manifest.start.readyTimeoutSeconds ?? 30) * 1000;
  const readiness = await waitUntilReady(running, manifest.start.readyPath ?? "/health", timeoutMs, options.signal);
  if (readiness !== "ready") {
    await running.stop();
    if (readiness === "aborted") return { ok: false, reason: "interrupted while starting", retryable: false };
    const tail = logTail(options.logFile);
    const portProblem = /EADDRINUSE|address already in use/i.test(tail);
    const reason =
      readiness === "exited"
        ? `exited before becoming ready (${describeExit(exitInfo!)})${portProblem ? `: port ${port} already in use` : ""}`
        : `not ready after ${(timeoutMs / 1000).toFixed(1)} s (GET ${manifest.start.readyPath ?? "/health"} never answered 200)`;
    return { ok: false, reason: `${reason}${tail ? `; last output:\n    ${tail.split("\n").join("\n    ")}` : ""}`, retryable: portProblem };
  }
  const sockets = listeningSocketsOf(processTree(pid));
  const onPort = sockets.filter((socket) => socket.port === port);
  if (onPort.length === 0) {
    await running.stop();
    return { ok: false, reason: `port ${port} answered, but not from the target's processes (port in use by another program?)`, retryable: true };
  }
  const exposed = exposedSockets(sockets);
  if (exposed.length > 0) {
    await running.stop();
    return {
      ok: false,
      reason: `listens on ${exposed.map((s) => `${s.address}:${s.port}`).join(", ")}; targets must bind to loopback only (use HOST)`,
      retryable: false,
    };
  }
  return { ok: true, target: running };
}

type Readiness = "ready" | "exited" | "timeout" | "aborted";

async function waitUntilReady(target: RunningTarget, path: string, timeoutMs: number, signal?: AbortSignal): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  const client = new Client(target.baseUrl, { headersTimeout: 1_000, bodyTimeout: 1_000, connectTimeout: 1_000 });
  try {
    while (Date.now() < deadline) {
      if (signal?.aborted) return "aborted";
      if (target.hasExited()) return "exited";
      try {
        const response = await client.request({ method: "GET", path });
        const answeredAt = performance.now();
        await response.body.dump();
        if (response.statusCode === 200) {
          target.readyMs = answeredAt - target.spawnedAt;
          return "ready";
        }
      } catch {
        // not listening yet
      }
      await sleep(READY_POLL_MS);
    }
    return target.hasExited() ? "exited" : "timeout";
  } finally {
    await client.destroy();
  }
}

/** SIGTERM to the whole group, then SIGKILL after a grace period. Resolves once it is gone. */
async function stopGroup(pgid: number, exited: Promise<ExitInfo>): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  await Promise.race([exited, sleep(STOP_GRACE_MS)]);
  while (groupIsAlive(pgid) && Date.now() < deadline) await sleep(25);
  if (groupIsAlive(pgid)) {
    signalGroup(pgid, "SIGKILL");
    await Promise.race([exited, sleep(1_000)]);
    while (groupIsAlive(pgid) && Date.now() < deadline + 2_000) await sleep(25);
  }
  untrackGroup(pgid);
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function logTail(logFile: string, lines = 8): string {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
