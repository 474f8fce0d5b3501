import { describe, expect, it } from "vitest";
import { varianceLevels } from "../../src/stats/variance-levels.js";

const observations = (sessions: number[][]) => sessions.flatMap((values, index) => values.map((value) => ({ session: index + 1, value })));

describe("varianceLevels", () => {
  it("splits the variance between blocks and sessions (one-way random-effects estimates)", () => {
    // Within: each session's values are mean ± 1 → sample variance 1. Session means 0, 2, 4 → variance 4.
    const levels = varianceLevels(observations([[-1, 1], [1, 3], [3, 5]]), { sessionSeconds: 10, blockSeconds: 1 });
    expect(levels).toEqual({ sessions: 3, blocks_per_session: 2, within_session: 2, between_sessions: 3, optimal_blocks: 3 });
  });

  it("spends more blocks when sessions are expensive and blocks vary", () => {
    const data = observations([[-1, 1], [1, 3], [3, 5]]);
    // √(10 · 2 / 3) = 2.58 → 3; √(100 · 2 / 3) = 8.2 → 9.
    expect(varianceLevels(data, { sessionSeconds: 100, blockSeconds: 1 })?.optimal_blocks).toBe(9);
  });

  it("says no optimum (null) when the sessions show no variance of their own", () => {
    const levels = varianceLevels(observations([[0, 2], [0, 2], [0, 2]]), { sessionSeconds: 10, blockSeconds: 1 });
    expect(levels).toMatchObject({ between_sessions: 0, optimal_blocks: null });
  });

  it("needs two sessions of two blocks", () => {
    expect(varianceLevels(observations([[1, 2, 3]]), { sessionSeconds: 1, blockSeconds: 1 })).toBeNull();
    expect(varianceLevels(observations([[1], [2]]), { sessionSeconds: 1, blockSeconds: 1 })).toBeNull();
  });
});
