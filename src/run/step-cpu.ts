import { processTreeCpuNs } from "../lifecycle/process-cpu.js";
import type { MetricName } from "../results/types.js";
import type { CpuTally } from "../stats/cpu.js";
import type { TargetUnit } from "./session-units.js";

/** What one target's process tree used per operation in one session. */
export type CpuLedger = Partial<Record<MetricName, CpuTally>>;

/** Reads a process tree's CPU time in ns (the seam a test replaces). */
export type CpuReader = (pid: number) => number | undefined;

interface Reading {
  ns: number;
  requests: number;
}

/**
 * The CPU of the targets taking part in one step, read before it and charged to the step's
 * operation after it: the difference of each target's process-tree run time, over the
 * requests its client got an answer to meanwhile. Read outside any timed request. A target
 * stopped during the step, or one whose CPU cannot be read, is not charged.
 */
export class StepCpu {
  private readonly before = new Map<TargetUnit, Reading>();

  constructor(
    units: readonly TargetUnit[],
    private readonly read: CpuReader = processTreeCpuNs,
  ) {
    for (const unit of units) {
      const ns = read(unit.session.target.pid);
      if (ns !== undefined) this.before.set(unit, { ns, requests: unit.client.requestsAnswered });
    }
  }

  charge(metric: MetricName, ledgerOf: (unit: TargetUnit) => CpuLedger | undefined): void {
    for (const [unit, before] of this.before) {
      if (unit.stopped) continue;
      const ns = this.read(unit.session.target.pid);
      const requests = unit.client.requestsAnswered - before.requests;
      const ledger = ledgerOf(unit);
      if (ns === undefined || ns < before.ns || requests <= 0 || !ledger) continue;
      const tally = (ledger[metric] ??= { ns: 0, requests: 0 });
      tally.ns += ns - before.ns;
      tally.requests += requests;
    }
  }
}
