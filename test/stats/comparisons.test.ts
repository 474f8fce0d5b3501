import { describe, expect, it } from "vitest";
import type { BatchRecord, MetricName } from "../../src/results/types.js";
import { A_A_PRECISION_LIMIT, buildComparisons, controlResult, findComparison, METRICS, pairBlocks } from "../../src/stats/comparisons.js";
import { pairedRatio } from "../../src/stats/paired.js";

function batch(session: number, block: number, target: string, metric: MetricName, median_ms: number | null): BatchRecord {
  return { session, block, position: 1, target, metric, started_ms: 0, duration_ms: 1, n: 20, errors: 0, median_ms, steal: null, cpu_pressure: null, steal_spike: false };
}

// Six sessions of two blocks: "slow" takes 1.2× "fast"'s time; "mid" 1.1×; drift per session.
const drift = [1, 1.3, 0.9, 2, 1.1, 1.5];
const noise = [1, 1.01, 0.99, 1.02, 0.98, 1.005, 0.995, 1.015, 0.985, 1.012, 0.988, 1.003];
const batches: BatchRecord[] = drift.flatMap((d, s) =>
  [1, 2].flatMap((block) => {
    const e = noise[s * 2 + block - 1]!;
    return [batch(s + 1, block, "fast", "single.read", 0.2 * d), batch(s + 1, block, "slow", "single.read", 0.24 * d * e), batch(s + 1, block, "mid", "single.read", 0.22 * d / e)];
  }),
);

describe("buildComparisons", () => {
  it("pairs every two targets, candidate before baseline in the order given, for each metric measured", () => {
    const comparisons = buildComparisons(batches, ["slow", "mid", "fast"], 0.02);
    expect(comparisons.map((c) => `${c.metric} ${c.candidate}/${c.baseline}`)).toEqual(["single.read slow/mid", "single.read slow/fast", "single.read mid/fast"]);
    const slowFast = comparisons[1]!;
    expect(slowFast).toMatchObject({ sessions: 6, blocks: 12, verdict: "slower", p_value: 2 / 64 });
    expect(slowFast.ratio).toBeCloseTo(1.2, 2);
    expect(slowFast).toEqual({ metric: "single.read", candidate: "slow", baseline: "fast", ...pairedRatio(pairBlocks(batches, "single.read", "slow", "fast"), 0.02) });
  });

  it("pairs only blocks where both have a median, and skips a pair with none", () => {
    const gappy = [...batches.filter((b) => !(b.target === "fast" && b.session === 1)), batch(1, 1, "fast", "single.read", null), batch(1, 1, "lonely", "bulk.create", 3)];
    const comparisons = buildComparisons(gappy, ["slow", "fast", "lonely"], 0.02);
    expect(comparisons.map((c) => `${c.candidate}/${c.baseline}`)).toEqual(["slow/fast"]);
    expect(comparisons[0]).toMatchObject({ sessions: 5, blocks: 10 });
    expect(pairBlocks(gappy, "single.read", "slow", "fast")).toHaveLength(10);
  });

  it("lists the metrics single first, then bulk, in CRUD order", () => {
    expect(METRICS).toEqual(["single.create", "single.read", "single.update", "single.delete", "bulk.create", "bulk.read", "bulk.update", "bulk.delete"]);
  });
});

describe("findComparison", () => {
  const comparisons = buildComparisons(batches, ["slow", "fast"], 0.02);
  const stored = comparisons[0]!;

  it("returns a stored comparison as it is", () => {
    expect(findComparison(comparisons, "single.read", "slow", "fast")).toBe(stored);
  });

  it("inverts one stored the other way round", () => {
    const flipped = findComparison(comparisons, "single.read", "fast", "slow")!;
    expect(flipped).toEqual({
      metric: "single.read", candidate: "fast", baseline: "slow", verdict: "faster", p_value: stored.p_value, sessions: 6, blocks: 12,
      ratio: Math.round(1e4 / stored.ratio) / 1e4,
      ratio_ci95: [Math.round(1e4 / stored.ratio_ci95![1]) / 1e4, Math.round(1e4 / stored.ratio_ci95![0]) / 1e4],
    });
  });

  it("keeps a missing interval missing, and finds nothing for an unknown pair", () => {
    const one = buildComparisons(batches.filter((b) => b.session === 1), ["slow", "fast"], 0.02);
    expect(findComparison(one, "single.read", "fast", "slow")).toMatchObject({ ratio_ci95: null, p_value: null, verdict: "same" });
    expect(findComparison(comparisons, "bulk.read", "fast", "slow")).toBeUndefined();
  });
});

describe("controlResult", () => {
  const echo = drift.flatMap((d, s) => [1, 2].flatMap((block) => [batch(s + 1, block, "echo-a", "single.read", 0.1 * d * noise[s * 2 + block - 1]!), batch(s + 1, block, "echo-b", "single.read", 0.1 * d)]));

  it("pairs echo-a with echo-b: the method's precision is the interval's reach from 1", () => {
    const control = controlResult([...batches, ...echo], 0.02, null)!;
    const paired = pairedRatio(pairBlocks(echo, "single.read", "echo-a", "echo-b"), 0.02);
    expect(control).toEqual({
      measured: true, candidate: "echo-a", baseline: "echo-b", ...paired, missing: null,
      median_ms: 0.12,
      precision: Math.round(Math.max(paired.ratio_ci95![1] - 1, 1 - paired.ratio_ci95![0]) * 1e4) / 1e4,
    });
    expect(control.verdict).toBe("same");
    expect(control.precision!).toBeLessThan(A_A_PRECISION_LIMIT);
  });

  it("measures precision on the side of the interval farthest from 1", () => {
    // echo-a reads 0.9 of echo-b in every block, ±1%: the whole interval lies below 1.
    const lopsided = echo.map((b) => (b.target === "echo-a" ? { ...b, median_ms: b.median_ms! * 0.9 } : b));
    const control = controlResult(lopsided, 0.02, null)!;
    expect(control.ratio_ci95![1]).toBeLessThan(1);
    expect(control.precision).toBe(Math.round((1 - control.ratio_ci95![0]) * 1e4) / 1e4);
    expect(control.precision!).toBeGreaterThan(A_A_PRECISION_LIMIT);
  });

  it("carries where the control is missing, has no precision from one session, and is null without a paired block", () => {
    const one = controlResult(echo.filter((b) => b.session === 1), 0.02, "the control stopped after session 1");
    expect(one).toMatchObject({ ratio_ci95: null, precision: null, missing: "the control stopped after session 1", sessions: 1 });
    expect(controlResult(echo.filter((b) => b.target === "echo-a"), 0.02, null)).toBeNull();
  });
});
