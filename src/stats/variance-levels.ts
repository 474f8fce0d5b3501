import type { VarianceLevels } from "../results/types.js";
import { mean } from "./summary.js";

export type { VarianceLevels };

/**
 * Where the variance of a nested measurement is, and how to spend repetitions on it
 * (Kalibera & Jones, "Rigorous benchmarking in reasonable time", ISMM 2013). Two levels:
 * blocks inside sessions. With W the variance between blocks of one session and S² the
 * variance of the session means over B blocks, the session level's own component is
 * σ² = S² − W / B. The cost-optimal number of blocks per session is then
 * √((cost of a session / cost of a block) · W / σ²): blocks are worth adding while they are
 * cheap and the spread between them is large next to the spread between sessions.
 * The split assumes a session's value is the mean of its blocks; crudbench's estimators take
 * the median, which is a little less efficient for well-behaved blocks, so the optimum is a
 * guide for sizing, not an exact figure.
 */

export interface LevelObservation {
  session: number;
  value: number;
}


const sampleVariance = (values: readonly number[]) => {
  const average = mean(values);
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
};

/** Null with fewer than two sessions of at least two blocks each. */
export function varianceLevels(observations: readonly LevelObservation[], cost: { sessionSeconds: number; blockSeconds: number }): VarianceLevels | null {
  const bySession = new Map<number, number[]>();
  for (const { session, value } of observations) bySession.set(session, [...(bySession.get(session) ?? []), value]);
  const sessions = [...bySession.values()].filter((values) => values.length >= 2);
  if (sessions.length < 2) return null;
  const within = mean(sessions.map(sampleVariance));
  const blocks = mean(sessions.map((values) => values.length));
  const between = Math.max(0, sampleVariance(sessions.map(mean)) - within / blocks);
  return { sessions: sessions.length, blocks_per_session: blocks, within_session: within, between_sessions: between, optimal_blocks: optimalBlocks(within, between, cost) };
}

/** Components averaged over independent comparisons (each a replicate of the same design), with the optimum they imply. */
export function averageLevels(levels: readonly VarianceLevels[], cost: { sessionSeconds: number; blockSeconds: number }): VarianceLevels | null {
  if (levels.length === 0) return null;
  const within = mean(levels.map((l) => l.within_session));
  const between = mean(levels.map((l) => l.between_sessions));
  return {
    sessions: Math.min(...levels.map((l) => l.sessions)),
    blocks_per_session: mean(levels.map((l) => l.blocks_per_session)),
    within_session: within,
    between_sessions: between,
    optimal_blocks: optimalBlocks(within, between, cost),
  };
}

function optimalBlocks(within: number, between: number, cost: { sessionSeconds: number; blockSeconds: number }): number | null {
  return between > 0 && cost.blockSeconds > 0 ? Math.max(1, Math.ceil(Math.sqrt((cost.sessionSeconds / cost.blockSeconds) * (within / between)))) : null;
}
