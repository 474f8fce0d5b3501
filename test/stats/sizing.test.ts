import { describe, expect, it } from "vitest";
import type { BatchRecord } from "../../src/results/types.js";
import { sizingOf } from "../../src/stats/sizing.js";

/** A batch of `target` in a block; blocks of session s start at s × 100 000 ms + block × 1 000 ms. */
function batch(session: number, block: number, target: string, medianMs: number, offsetMs = 0): BatchRecord {
  return { session, block, position: 1, target, metric: "single.read", started_ms: session * 100_000 + block * 1_000 + offsetMs, duration_ms: 100, n: 20, errors: 0, median_ms: medianMs, steal: null, cpu_pressure: null, steal_spike: false };
}

describe("sizingOf", () => {
  it("takes each level's cost from the batch times: block spans, and gaps between sessions", () => {
    const batches = [1, 2, 3].flatMap((session) => [1, 2].flatMap((block) => [batch(session, block, "echo-a", 0.1), batch(session, block, "echo-b", 0.1, 400)]));
    const sizing = sizingOf(batches, []);
    // A block: 0 → 400 + 100 ms. Between sessions: from 2 500 ms (block 2's end) to 100 000 + 1 000 ms.
    expect(sizing).toMatchObject({ block_s: 0.5, session_overhead_s: 98.5 });
  });

  it("measures the control's variance between blocks and between sessions in log-ratio units", () => {
    // echo-a / echo-b: e^±0.1 within each session; session means 0, 0.2, 0.4.
    const shift = [0, 0.2, 0.4];
    const batches = [1, 2, 3].flatMap((session) =>
      [1, 2].flatMap((block) => [batch(session, block, "echo-a", Math.exp(shift[session - 1]! + (block === 1 ? -0.1 : 0.1))), batch(session, block, "echo-b", 1)]),
    );
    const control = sizingOf(batches, [])?.control;
    expect(control?.within_session).toBeCloseTo(0.02, 6);
    expect(control?.between_sessions).toBeCloseTo(0.04 - 0.01, 6);
  });

  it("averages the components over every pair of targets and single operation", () => {
    const batches = [1, 2].flatMap((session) => [1, 2].flatMap((block) => ["a", "b", "c"].map((target, i) => batch(session, block, target, (i + 1) * (block === 1 ? 1 : 1.1)))));
    const sizing = sizingOf(batches, ["a", "b", "c"]);
    // Every pair's ratio is the same in every block: no variance anywhere.
    expect(sizing?.comparisons).toMatchObject({ sessions: 2, within_session: 0, between_sessions: 0, optimal_blocks: null });
  });

  it("is null before a second session gives a session's cost", () => {
    expect(sizingOf([batch(1, 1, "echo-a", 0.1), batch(1, 2, "echo-a", 0.1)], [])).toBeNull();
  });
});
