import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "../errors.js";
import { MemorySampler } from "../lifecycle/memory-sampler.js";
import { describeExit, type RunningTarget } from "../lifecycle/target-process.js";
import { startEchoServer } from "../load/echo-target.js";
import type { PartialCause } from "../results/types.js";
import { openTimingClient, type EngineChoice } from "../timing/prepare-engine.js";
import { RequestInterleaver, type InterleavedTimingClient } from "../timing/interleaver.js";
import type { TimingClient } from "../timing/timing-client.js";
import { BulkOperations } from "../workloads/bulk.js";
import { OperationRecorder, WorkloadAborted, type WorkloadContext } from "../workloads/operation-recorder.js";
import { firstWrite } from "../workloads/first-write.js";
import { SingleOperations } from "../workloads/single.js";
import type { MeasuringEntry } from "./compose-result.js";
import { logSection, sessionOptionsFor } from "./measure-target.js";
import type { RunContext } from "./run-context.js";
import type { Session } from "./target-session.js";

/** The A/A control: one echo server, measured under two names as if it were two targets. */
export const CONTROL_NAMES = ["echo-a", "echo-b"] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/** How long a failed step waits to learn whether its target exited. */
const EXIT_GRACE_MS = 500;

/** A target running in this session: its process, client, memory sampler and workloads. */
export interface TargetUnit {
  kind: "target";
  name: string;
  entry: MeasuringEntry;
  session: Extract<Session, { ok: true }>;
  client: InterleavedTimingClient;
  /** Undefined for a remote target: no process of ours to read. */
  sampler: MemorySampler | undefined;
  single: SingleOperations;
  bulk: BulkOperations;
  /** Why this target stopped in this session; undefined while it runs. */
  stopped?: { cause: PartialCause; reason: string };
  /** Stops its process and client now (a failed target must not disturb the others' batches); safe to call twice. */
  close(): Promise<void>;
}

/** One name of the control. */
export interface ControlUnit {
  kind: "control";
  name: ControlName;
  client: TimingClient;
  reads: OperationRecorder;
  stopped?: { cause: PartialCause; reason: string };
}

export type Unit = TargetUnit | ControlUnit;

export interface StartedUnits {
  targets: TargetUnit[];
  controls: ControlUnit[];
  /** Why the control is missing in this session, when it is. */
  controlProblem: string | undefined;
  databaseSampler: MemorySampler | undefined;
  /** Every unit's client is wrapped by it, so a step can send their batches in turns. */
  interleaver: RequestInterleaver;
  /** Stops every process and client; safe to call twice. */
  close(): Promise<void>;
}

export interface UnitStartOptions {
  session: number;
  engine: EngineChoice;
  memoryIntervalMs: number;
  bulkSize: number;
  /** Held around every timed batch of every unit (memory sampling waits outside them). */
  gate: WorkloadContext["sampler"];
}

/**
 * Starts every target of the session, one after another, each on a fresh database of its
 * own (pinned as configured), times its cold start (ready, then a first write), and starts
 * the echo control. A target that does not start or serve its first write is reported
 * through its entry and left out; the others go on.
 */
export async function startUnits(entries: readonly MeasuringEntry[], context: RunContext, options: UnitStartOptions): Promise<StartedUnits> {
  const { session } = options;
  // One after another, so each cold start is timed alone rather than racing the others for
  // the CPU. Each launch's throw is caught: a launch that throws (a database that cannot be
  // created) is that target's failure to start, and the others are still measured and stopped.
  const sessions: { entry: MeasuringEntry; opened: Session }[] = [];
  for (const entry of entries) {
    if (context.signal?.aborted) break;
    const name = entry.target.manifest.name;
    let opened: Session;
    try {
      logSection(context.logFileFor(name), `benchmark session ${session}`);
      opened = await context.launch(entry.target, `session-${session}`, sessionOptionsFor(context, name));
    } catch (error) {
      opened = { ok: false, reason: `could not start: ${describeError(error)}` };
    }
    // A remote target was not started: there is no cold start to time.
    if (opened.ok && !opened.remote) {
      try {
        const firstPostMs = await firstWrite(opened.target.baseUrl, opened.target.spawnedAt, context.requestTimeoutMs);
        entry.sessions.starts.push({ readyMs: opened.target.readyMs, firstPostMs });
      } catch (error) {
        await opened.close().catch(() => undefined);
        opened = { ok: false, reason: describeError(error) };
      }
    }
    sessions.push({ entry, opened });
  }
  const targets: TargetUnit[] = [];
  const closers: (() => Promise<void>)[] = [];
  const interleaver = new RequestInterleaver();
  for (const { entry, opened } of sessions) {
    const name = entry.target.manifest.name;
    if (!opened.ok) {
      // Stopped by the user while starting: nothing went wrong with the target, and the run's
      // end says what it got to (never measured, or measured in part).
      if (!context.signal?.aborted) entry.stopped = { cause: "failed-start", reason: `${opened.reason} in session ${session}` };
      continue;
    }
    const client = interleaver.wrap(openTimingClient(options.engine, opened.target.baseUrl, context.requestTimeoutMs, context.logFileFor(name)));
    const workload = workloadContext(opened.target, options, context);
    let closing: Promise<void> | undefined;
    const unit: TargetUnit = {
      kind: "target",
      name,
      entry,
      session: opened,
      client,
      sampler: opened.remote ? undefined : new MemorySampler(opened.target.pid, options.memoryIntervalMs),
      single: new SingleOperations({ ...workload, client }),
      bulk: new BulkOperations({ ...workload, client }, options.bulkSize, opened.remote === true),
      close: () =>
        (closing ??= (async () => {
          unit.sampler?.stop();
          // The process is stopped even when its client fails to close; the first failure is rethrown.
          const outcomes = await Promise.allSettled([client.close(), opened.close()]);
          const failure = outcomes.find((outcome) => outcome.status === "rejected");
          if (failure) throw (failure as PromiseRejectedResult).reason;
        })()),
    };
    targets.push(unit);
    closers.push(() => unit.close());
  }

  const controls: ControlUnit[] = [];
  let controlProblem: string | undefined;
  try {
    const echo = await startEchoServer({ workDir: context.workDir, logFile: context.logFileFor("echo"), cpus: context.pinning?.targets });
    closers.push(() => echo.stop());
    for (const name of CONTROL_NAMES) {
      const client = interleaver.wrap(openTimingClient(options.engine, echo.baseUrl, context.requestTimeoutMs, context.logFileFor("echo")));
      closers.push(() => client.close());
      controls.push({ kind: "control", name, client, reads: new OperationRecorder({ ...workloadContext(echo, options, context), client }, `control ${name}`) });
    }
  } catch (error) {
    controlProblem = `the echo control did not start in session ${session}: ${describeError(error)}`;
  }

  const serverPid = context.databases.serverPid;
  const databaseSampler = serverPid ? new MemorySampler(serverPid, options.memoryIntervalMs) : undefined;
  if (databaseSampler) closers.push(async () => void databaseSampler.stop());
  let closed = false;
  return {
    targets,
    controls,
    controlProblem,
    databaseSampler,
    interleaver,
    close: async () => {
      if (closed) return;
      closed = true;
      // Every process is stopped even when one stop fails; the first failure is rethrown.
      const outcomes = await Promise.allSettled(closers.reverse().map((close) => close()));
      const failure = outcomes.find((outcome) => outcome.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
    },
  };
}

function workloadContext(process: RunningTarget, options: UnitStartOptions, context: RunContext): Omit<WorkloadContext, "client"> {
  return {
    sampler: options.gate,
    targetExited: () => process.hasExited(),
    signal: context.signal,
  };
}

/**
 * Why a step stopped its unit: a crash is called a crash (the exit gets a moment to be seen,
 * since a batch's answer can arrive before it), an interrupt an interrupt, anything else a
 * failed workload.
 */
export async function stopReason(error: unknown, process: RunningTarget | undefined, where: string): Promise<{ cause: PartialCause; reason: string }> {
  if (!(error instanceof WorkloadAborted)) return { cause: "failed-workload", reason: `${where} failed: ${describeError(error)}` };
  const exit = error.kind === "interrupted" || !process ? undefined : await Promise.race([process.exited, sleep(EXIT_GRACE_MS).then(() => undefined)]);
  const cause = exit && error.kind === "failed-workload" ? "crashed" : error.kind;
  return { cause, reason: `${error.message} in ${where}${exit ? ` (${describeExit(exit)})` : ""}` };
}
