import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { gateAll, type MemorySampler, type SamplingGate } from "../lifecycle/memory-sampler.js";
import { describeExit } from "../lifecycle/target-process.js";
import { pressureBetween, readPressure } from "../lifecycle/machine-pressure.js";
import type { BatchRecord, CrudOperation, LatencyConfig, MetricName } from "../results/types.js";
import { CRUD_OPERATIONS } from "../results/types.js";
import { median } from "../stats/bootstrap.js";
import { summarizeMemory, type SessionMemory } from "../stats/memory.js";
import type { EngineChoice } from "../timing/prepare-engine.js";
import { batchLayout, turnLength, untimed, type BatchLayout } from "../workloads/batch-layout.js";
import type { OperationRecorder } from "../workloads/operation-recorder.js";
import type { CpuMeter } from "./cpu-meter.js";
import { StepCpu, type CpuLedger, type CpuReader } from "./step-cpu.js";
import { StepStatements, type StatementLedger } from "./step-statements.js";
import type { MeasuringEntry } from "./compose-result.js";
import type { RunContext } from "./run-context.js";
import { CONTROL_NAMES, startUnits, stopReason, type ControlUnit, type TargetUnit, type Unit } from "./session-units.js";

/** Untimed requests per warm-up batch: the mixed warm-up cycles create, read, update, delete in chunks of this. */
const WARMUP_CHUNK = 25;
/** The echo server has nothing to compile: a few hundred requests settle its connection and caches. */
const CONTROL_WARMUP = 500;

export interface SessionPlan {
  /** 1-based. */
  session: number;
  latency: LatencyConfig;
  /**
   * Two orders per block, each from its own balanced design: the read step's over the targets
   * and the control's two names (indices into [...entries, echo-a, echo-b]); every other
   * step's over the targets alone (indices into entries), since the control takes no part there.
   */
  orders: { withControl: readonly (readonly number[])[]; targetsOnly: readonly (readonly number[])[] };
  /** Every target of the run, in unit order; stopped ones are skipped. */
  entries: readonly MeasuringEntry[];
  engine: EngineChoice;
  cpu: CpuMeter;
  /** performance.now() when the run started: batch times are relative to it. */
  runOrigin: number;
  onBatch: (record: BatchRecord) => void;
  /** After every block: the pipeline may save what was measured (the session's end is saved in any case). */
  onBlock: () => void;
  /** Reads a process tree's CPU time (the /proc reader unless a test replaces it). */
  readCpu?: CpuReader;
}

export interface SessionOutcome {
  /** Memory of the database server over the session; undefined without one. */
  databaseMemory: SessionMemory | undefined;
  /** Why the control is missing or stopped in this session. */
  controlProblem: string | undefined;
}

/** The steps of a block, in order: each is one batch of every unit that takes part. */
const STEPS: readonly { metric: MetricName; group: "single" | "bulk"; operation: CrudOperation }[] = (["single", "bulk"] as const).flatMap((group) =>
  CRUD_OPERATIONS.map((operation) => ({ metric: `${group}.${operation}` as MetricName, group, operation })),
);

/**
 * One session: every target still measuring is started afresh, one after another (each cold start timed alone), with the echo control;
 * idle memory is read before any request; each unit is warmed up; then B blocks. In a block,
 * step by step (single create … bulk delete), every unit runs one batch. Single-request
 * batches go out in turns (`rewarm` untimed then `turn` timed requests per unit per turn, in
 * the block's order, rotating), so paired requests of different targets are about a
 * millisecond apart and a drifting machine hits them alike; bulk repetitions go whole, one
 * unit after another, in the block's order. The control takes part in the single read step
 * only. Every batch becomes a BatchRecord with the machine's steal and CPU pressure while it
 * ran (for batches in turns: while the step's turns ran).
 */
export async function measureSession(plan: SessionPlan, context: RunContext): Promise<SessionOutcome> {
  const { latency, session, cpu } = plan;
  const { output, signal } = context;
  const samplers: MemorySampler[] = [];
  const gate: SamplingGate = { hold: () => gateAll(samplers).hold(), release: () => gateAll(samplers).release() };
  const progress = (message: string, final = false) => output.progress("sessions", `session ${session}/${latency.sessions}: ${message}`, final);
  output.step("sessions", `session ${session}/${latency.sessions}: starting ${plan.entries.filter((e) => !e.stopped).length} target(s) one by one, and the echo control …`);
  const live = plan.entries.filter((entry) => !entry.stopped);
  const units = await startUnits(live, context, { session, engine: plan.engine, memoryIntervalMs: latency.memory_interval_ms, bulkSize: latency.bulk_size, gate });
  let controlProblem = units.controlProblem;
  try {
    for (const unit of units.targets) unit.entry.started = true;
    samplers.push(...units.targets.flatMap((unit) => (unit.sampler ? [unit.sampler] : [])));
    if (units.databaseSampler) samplers.push(units.databaseSampler);
    for (const sampler of samplers) sampler.start();
    const slots = new Map(units.targets.map((unit) => [unit, { single: unit.entry.sessions.single.push(unit.single.samples()) - 1, bulk: unit.entry.sessions.bulk.push(unit.bulk.samples()) - 1 }]));
    // Each target's CPU per operation in this session, filled in step by step.
    const cpuLedgers = new Map(units.targets.map((unit): [TargetUnit, CpuLedger] => [unit, {}]));
    for (const [unit, ledger] of cpuLedgers) unit.entry.sessions.cpu.push(ledger);
    // And the statements its database ran, where the database counts them.
    const meter = "totals" in context.databases.statementMeter ? context.databases.statementMeter : undefined;
    const statementLedgers = new Map(units.targets.map((unit): [TargetUnit, StatementLedger] => [unit, {}]));
    if (meter) for (const [unit, ledger] of statementLedgers) unit.entry.sessions.statements.push(ledger);
    let statementProblem: string | undefined;
    const onStatementError = (reason: string) => {
      if (statementProblem === undefined) output.warn(`session ${session}: statements not counted for a step: ${reason}`);
      statementProblem ??= reason;
    };
    const keepSamples = () => {
      for (const [unit, slot] of slots) {
        unit.entry.sessions.single[slot.single] = unit.single.samples();
        unit.entry.sessions.bulk[slot.bulk] = unit.bulk.samples();
      }
    };
    await sleep(latency.idle_window_ms, undefined, { signal }).catch(() => undefined);
    for (const sampler of samplers) sampler.setPhase("load");

    const running = (unit: Unit) => !unit.stopped && !signal?.aborted;
    const stop = async (unit: Unit, error: unknown, where: string) => {
      unit.stopped = await stopReason(error, unit.kind === "target" ? unit.session.target : undefined, `${where} of session ${session}`);
      if (unit.kind === "control") controlProblem = `${unit.name}: ${unit.stopped.reason}`;
      else {
        if (!signal?.aborted) unit.entry.stopped = unit.stopped;
        // A hung or failing server must not take CPU from the others' batches for the rest of
        // the session. A failure to stop it surfaces when the session closes its units.
        await unit.close().catch(() => undefined);
      }
    };

    // Warm-up is untimed: every unit at once, so the target CPU works while the harness
    // validates another unit's answers (a session's fixed cost is what limits sessions).
    progress("warm-up …");
    await Promise.all([
      ...units.targets.filter(running).map(async (unit) => {
        const began = performance.now();
        try {
          await warmUp(unit, latency);
        } catch (error) {
          await stop(unit, error, "the warm-up");
        }
        unit.entry.measuringSeconds += (performance.now() - began) / 1000;
      }),
      ...units.controls.map(async (unit) => {
        try {
          await unit.reads.batch(Array.from({ length: Math.min(latency.warmup, CONTROL_WARMUP) }, () => ({ method: "GET" as const, path: "/tasks/1" })), { status: 200, schema: "Task" });
        } catch (error) {
          await stop(unit, error, "the control's warm-up");
        }
      }),
    ]);

    const layout = batchLayout(latency);
    const byIndex: (Unit | undefined)[] = [...plan.entries.map((entry) => units.targets.find((unit) => unit.entry === entry)), ...CONTROL_NAMES.map((name) => units.controls.find((unit) => unit.name === name))];
    cpu.start();
    try {
      const blocks = plan.orders.targetsOnly.length;
      for (let block = 1; block <= blocks && !signal?.aborted; block++) {
        const withControl = plan.orders.withControl[block - 1]!.map((index) => byIndex[index]);
        const targetsOnly = plan.orders.targetsOnly[block - 1]!.map((index) => byIndex[index]);
        const bulkBlock = (block - 1) % latency.bulk_every === 0;
        // A block's records are flagged against the machine's steal over the whole block: a
        // batch of a few milliseconds sees a clock tick or none, too coarse to judge alone.
        const records: BatchRecord[] = [];
        const blockStart = readPressure();
        for (const step of STEPS) {
          if (step.group === "bulk" && !bulkBlock) continue;
          const order = step.metric === "single.read" ? withControl : targetsOnly;
          const taking = order.flatMap((unit, index) => (unit && running(unit) ? [{ unit, position: index + 1 }] : []));
          // Single-request batches go out in turns and share their time; bulk ones whole, one unit after another.
          const inTurns = step.group === "single";
          const measure = async ({ unit, position }: (typeof taking)[number]) => {
            const record = await timedBatch(unit, step, layout, { session, block, position, runOrigin: plan.runOrigin }).catch(async (error: unknown) => {
              await stop(unit, error, `${step.metric} of block ${block}`);
              return (error as { record?: BatchRecord }).record;
            });
            if (!record) return;
            records.push(record);
            if (unit.kind === "target") unit.entry.measuringSeconds += record.duration_ms / 1000 / (inTurns ? taking.length : 1);
          };
          // A remote target's CPU and statements are not ours to read: it takes part, uncharged.
          const targetsTaking = taking.flatMap(({ unit }) => (unit.kind === "target" && !unit.session.remote ? [unit] : []));
          // The database is read first and last, so its query is outside the targets' CPU reading.
          const stepStatements = meter ? await StepStatements.begin(meter, targetsTaking, onStatementError) : undefined;
          const stepCpu = new StepCpu(targetsTaking, plan.readCpu);
          if (inTurns) await units.interleaver.run(taking.map((taker) => ({ client: taker.unit.client, run: () => measure(taker) })), turnLength(latency));
          else for (const taker of taking) await measure(taker);
          stepCpu.charge(step.metric, (unit) => cpuLedgers.get(unit));
          await stepStatements?.charge(step.metric, (unit) => statementLedgers.get(unit));
        }
        const { steal_spike: spike } = pressureBetween(blockStart, readPressure());
        for (const record of records) plan.onBatch({ ...record, steal_spike: spike });
        progress(`block ${block}/${blocks}`, block === blocks);
        keepSamples();
        plan.onBlock();
      }
    } finally {
      cpu.stop();
    }
    keepSamples();
    for (const unit of units.targets) {
      if (unit.stopped) continue;
      const memory = unit.sampler ? summarizeMemory(unit.sampler.stop()) : undefined;
      if (unit.session.target.hasExited()) {
        unit.stopped = { cause: "crashed", reason: `target exited during session ${session} (${describeExit(await unit.session.target.exited)})` };
        if (!signal?.aborted) unit.entry.stopped = unit.stopped;
      }
      if (unit.stopped || signal?.aborted) continue;
      if (memory) unit.entry.sessions.memory.push(memory);
      unit.entry.sessions.completed++;
    }
    const databaseMemory = units.databaseSampler ? summarizeMemory(units.databaseSampler.stop()) : undefined;
    return { databaseMemory, controlProblem };
  } finally {
    await units.close();
  }
}

/** The mixed warm-up: create, read, update, delete in chunks until `warmup` requests, then the bulk warm-up. */
async function warmUp(unit: TargetUnit, latency: LatencyConfig): Promise<void> {
  const chunk = Math.min(WARMUP_CHUNK, Math.ceil(latency.warmup / CRUD_OPERATIONS.length));
  const cycles = chunk > 0 ? Math.ceil(latency.warmup / (chunk * CRUD_OPERATIONS.length)) : 0;
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (const operation of CRUD_OPERATIONS) await unit.single.run(operation, untimed(chunk));
  }
  for (let repetition = 0; repetition < latency.bulk_warmup; repetition++) {
    for (const operation of CRUD_OPERATIONS) await unit.bulk.run(operation, false);
  }
}

/** The recorder a step's samples land in. */
function recorderOf(unit: Unit, step: (typeof STEPS)[number]): OperationRecorder {
  return unit.kind === "control" ? unit.reads : unit[step.group].recorders[step.operation];
}

async function runStep(unit: Unit, step: (typeof STEPS)[number], layout: BatchLayout): Promise<void> {
  if (unit.kind === "control") return controlReads(unit, layout);
  if (step.group === "single") return unit.single.run(step.operation, layout);
  return unit.bulk.run(step.operation, true);
}

async function controlReads(unit: ControlUnit, layout: BatchLayout): Promise<void> {
  const results = await unit.reads.batch(Array.from(layout, () => ({ method: "GET" as const, path: "/tasks/1" })), { status: 200, schema: "Task" });
  unit.reads.recordTimed(results, layout);
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * One batch of one unit, with what the machine did meanwhile. The record is built even when
 * the step throws (its finished requests still count), and travels on the error.
 */
async function timedBatch(unit: Unit, step: (typeof STEPS)[number], layout: BatchLayout, where: { session: number; block: number; position: number; runOrigin: number }): Promise<BatchRecord> {
  const recorder = recorderOf(unit, step);
  const samplesBefore = recorder.timesMs.length;
  const errorsBefore = recorder.errors;
  const before = readPressure();
  const began = performance.now();
  let failure: unknown;
  try {
    await runStep(unit, step, layout);
  } catch (error) {
    failure = error;
  }
  const ended = performance.now();
  const times = recorder.timesMs.slice(samplesBefore);
  const record: BatchRecord = {
    session: where.session,
    block: where.block,
    position: where.position,
    target: unit.name,
    metric: step.metric,
    started_ms: round4(began - where.runOrigin),
    duration_ms: round4(ended - began),
    n: times.length,
    errors: recorder.errors - errorsBefore,
    median_ms: times.length > 0 ? round4(median(times)) : null,
    ...pressureBetween(before, readPressure()),
  };
  if (failure !== undefined) throw Object.assign(failure instanceof Error ? failure : new Error(String(failure)), { record });
  return record;
}
