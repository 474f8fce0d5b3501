import type { StatementsUnderMeasurement } from "../results/types.js";

/** Statements a database ran and Task API requests a target answered, for one operation over one session. */
export interface StatementTally {
  statements: number;
  requests: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Statements per request under measurement, over sessions, set against the conformance
 * count. A count is exact, not a noisy sample: the sessions are pooled (all statements over
 * all requests), and each session's ratio is kept to show whether one stood apart. Null
 * without a session that answered requests. Pure.
 */
export function statementsUnderMeasurement(sessions: readonly (StatementTally | undefined)[], conformance: number | null): StatementsUnderMeasurement | null {
  const counted = sessions.filter((tally): tally is StatementTally => tally !== undefined && tally.requests > 0);
  if (counted.length === 0) return null;
  const statements = counted.reduce((sum, tally) => sum + tally.statements, 0);
  const requests = counted.reduce((sum, tally) => sum + tally.requests, 0);
  const perRequest = round2(statements / requests);
  return {
    per_request: perRequest,
    sessions: counted.map((tally) => round2(tally.statements / tally.requests)),
    requests,
    conformance,
    differs: conformance === null ? null : perRequest !== round2(conformance),
  };
}
