import type { StatementMeter } from "../database/provider.js";
import { describeError } from "../errors.js";
import type { MetricName } from "../results/types.js";
import type { StatementTally } from "../stats/statements.js";
import type { TargetUnit } from "./session-units.js";

/** What one target's database ran per operation in one session. */
export type StatementLedger = Partial<Record<MetricName, StatementTally>>;

interface Reading {
  statements: number;
  requests: number;
}

/**
 * The statements of the targets taking part in one step: every target's database is read
 * before the step and after it (one query for all, between steps, never inside a timed
 * request), and the difference is charged to the step's operation over the Task API
 * requests the target answered meanwhile. A failed read charges nothing, and says why once.
 */
export class StepStatements {
  private constructor(
    private readonly meter: StatementMeter,
    private readonly units: readonly TargetUnit[],
    private readonly before: readonly (Reading | undefined)[],
    private readonly onError: (reason: string) => void,
  ) {}

  static async begin(meter: StatementMeter, units: readonly TargetUnit[], onError: (reason: string) => void): Promise<StepStatements> {
    const totals = await readTotals(meter, units, onError);
    return new StepStatements(meter, units, units.map((unit, index) => (totals?.[index] === undefined ? undefined : { statements: totals[index]!, requests: unit.client.taskRequestsAnswered })), onError);
  }

  async charge(metric: MetricName, ledgerOf: (unit: TargetUnit) => StatementLedger | undefined): Promise<void> {
    if (this.before.every((reading) => reading === undefined)) return;
    const totals = await readTotals(this.meter, this.units, this.onError);
    if (!totals) return;
    this.units.forEach((unit, index) => {
      const before = this.before[index];
      const after = totals[index];
      const ledger = ledgerOf(unit);
      const requests = unit.client.taskRequestsAnswered - (before?.requests ?? 0);
      // A count that went down was evicted from the server's table: that step is not charged.
      if (!before || after === undefined || unit.stopped || !ledger || requests <= 0 || after < before.statements) return;
      const tally = (ledger[metric] ??= { statements: 0, requests: 0 });
      tally.statements += after - before.statements;
      tally.requests += requests;
    });
  }
}

async function readTotals(meter: StatementMeter, units: readonly TargetUnit[], onError: (reason: string) => void): Promise<(number | undefined)[] | undefined> {
  if (units.length === 0) return undefined;
  try {
    // Remote targets (no database of the run's) are never passed in: measureSession leaves them out.
    return await meter.totals(units.map((unit) => unit.session.database!));
  } catch (error) {
    onError(describeError(error));
    return undefined;
  }
}
