import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createInterface } from "node:readline";
import type { RequestSpec } from "../http/client.js";
import { supervisedArgv, unstartableProgram } from "../lifecycle/command.js";
import { signalGroup, trackGroup, untrackGroup } from "../lifecycle/process-registry.js";
import { describeExit } from "../lifecycle/target-process.js";
import { parseAnswer, toWireRequest } from "./engine-protocol.js";
import { TimingEngineFailure, type BatchOptions, type TimedOutcome, type TimingClient } from "./timing-client.js";

/** Beyond the requests' own timeouts, how long the engine may take to answer a batch. */
const ANSWER_SLACK_MS = 10_000;
const CLOSE_GRACE_MS = 2_000;

interface Pending {
  resolve: (line: string) => void;
  reject: (error: Error) => void;
}

/**
 * A TimingClient over one long-lived crudbench-engine process (engine/): the engine holds
 * the connection and times each request itself, from first byte written to last byte read,
 * so nothing Node does (JSON, promises, garbage collection) lands inside a measurement.
 * Batches go as JSON lines on stdin, answers come back on stdout; stderr goes to the log.
 * A dead or incoherent engine is a harness failure: `batch` rejects, naming the log.
 */
export class NativeTimingClient implements TimingClient {
  readonly engine = "native" as const;
  private opened = 0;
  private nextBatch = 1;
  private pending: Pending | undefined;
  /** Set once the engine can no longer be trusted; every later batch rejects with it. */
  private failure: TimingEngineFailure | undefined;
  private closing = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        untrackGroup(child.pid!);
        if (!this.closing) this.fail(`crudbench-engine exited (${describeExit({ code, signal })})`);
        resolve();
      }),
    );
    // A write to a dead engine fails with EPIPE; the exit above is what gets reported.
    child.stdin!.on("error", () => {});
    createInterface({ input: child.stdout! }).on("line", (line) => this.onLine(line));
  }

  /**
   * Starts the engine against `baseUrl` (an http://IP:PORT origin). Killed with the harness,
   * even by SIGKILL; it inherits the harness's CPUs, so it is pinned where the harness is.
   */
  static open(binary: string, baseUrl: string, timeoutMs: number, logFile: string): NativeTimingClient {
    const problem = unstartableProgram(binary);
    if (problem) throw new TimingEngineFailure(`cannot start crudbench-engine: ${problem}`);
    const url = new URL(baseUrl);
    const [program, ...args] = supervisedArgv([binary, "--connect", `${url.hostname}:${url.port || "80"}`]);
    const logFd = openSync(logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn(program!, args, { detached: true, stdio: ["pipe", "pipe", logFd] });
    } finally {
      closeSync(logFd);
    }
    if (child.pid !== undefined) trackGroup(child.pid);
    const client = new NativeTimingClient(child, timeoutMs, logFile);
    child.once("error", (error) => client.fail(`cannot start crudbench-engine: ${error.message}`));
    return client;
  }

  get connectionsOpened(): number {
    return this.opened;
  }

  /** The engine's process (its own group), for a caller that watches its CPU or memory. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async batch(requests: readonly RequestSpec[], options: BatchOptions = {}): Promise<TimedOutcome[]> {
    if (this.failure) throw this.failure;
    if (this.pending) throw new Error("NativeTimingClient: one batch at a time (a batch is already in flight)");
    const id = this.nextBatch++;
    const stop = options.stopAfterFailures !== undefined ? { stop_after_failures: Math.max(1, options.stopAfterFailures) } : {};
    const line = `${JSON.stringify({ batch: id, timeout_ms: this.timeoutMs, requests: requests.map(toWireRequest), ...stop })}\n`;
    const answer = new Promise<string>((resolve, reject) => (this.pending = { resolve, reject }));
    // Each request is bounded by the engine; a silent engine is bounded here.
    const allowedMs = (requests.length + 1) * this.timeoutMs + ANSWER_SLACK_MS;
    const watchdog = setTimeout(() => this.fail(`crudbench-engine did not answer batch ${id} within ${(allowedMs / 1000).toFixed(0)} s`, true), allowedMs);
    this.child.stdin!.write(line);
    try {
      const parsed = parseAnswer(await answer, id, requests.length, stop.stop_after_failures);
      if (parsed.kind === "rejected") throw new TimingEngineFailure(`crudbench-engine rejected batch ${id}: ${parsed.error} (a crudbench bug; log: ${this.logFile})`);
      if (parsed.kind === "garbage") throw this.fail(`crudbench-engine answered batch ${id} with garbage: ${parsed.problem}`, true);
      this.opened += parsed.connectionsOpened;
      return parsed.outcomes;
    } finally {
      clearTimeout(watchdog);
      this.pending = undefined;
    }
  }

  private onLine(line: string): void {
    const pending = this.pending;
    if (pending) pending.resolve(line);
    else this.fail(`crudbench-engine wrote a line nobody asked for: ${line.slice(0, 200)}`, true);
  }

  /** Marks the engine broken (once), rejects the batch in flight, and optionally kills it. */
  private fail(why: string, kill = false): TimingEngineFailure {
    this.failure ??= new TimingEngineFailure(`${why}; its log: ${this.logFile}`);
    this.pending?.reject(this.failure);
    if (kill && this.child.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
    return this.failure;
  }

  /** Ends stdin (the engine exits 0 on EOF); kills it if it does not go in time. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    this.child.stdin!.end();
    const timer = setTimeout(() => signalGroup(this.child.pid!, "SIGKILL"), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
