/**
 * Which requests of a batch are timed, in order: `true` timed, `false` untimed. A batch
 * goes out in turns (see RequestInterleaver); each turn starts with `rewarm` untimed
 * requests, which take whatever the unit before left behind on the shared CPU (its
 * post-response work, caches it evicted), then up to `turn` timed ones.
 */
export type BatchLayout = readonly boolean[];

export interface TurnPlan {
  /** Timed requests in the batch. */
  batch: number;
  /** Timed requests per turn (the last turn may have fewer). */
  turn: number;
  /** Untimed requests at the start of every turn. */
  rewarm: number;
}

export function batchLayout(plan: TurnPlan): BatchLayout {
  if (!Number.isInteger(plan.turn) || plan.turn < 1) throw new Error(`a turn has at least one timed request, not ${plan.turn}`);
  const layout: boolean[] = [];
  for (let left = plan.batch; left > 0; left -= plan.turn) {
    layout.push(...Array<boolean>(plan.rewarm).fill(false), ...Array<boolean>(Math.min(plan.turn, left)).fill(true));
  }
  return layout;
}

/** Requests per turn: the chunk each unit sends when its turn comes. */
export const turnLength = (plan: TurnPlan): number => plan.rewarm + plan.turn;

/** A layout of `count` untimed requests (warm-up). */
export const untimed = (count: number): BatchLayout => Array<boolean>(count).fill(false);
