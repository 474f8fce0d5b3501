import { describe, expect, it } from "vitest";
import { compareRounds } from "../../src/stats/compare.js";
import { MIN_SESSIONS_FOR_SIGNIFICANCE, pairedRatio, SIGNIFICANCE_LEVEL, tInterval, tInterval95, wilcoxonSignedRankP, type PairedBlock } from "../../src/stats/paired.js";
import { seededRandom } from "../../src/stats/random.js";

// Every reference number below was printed by test/stats/scipy-reference.py with SciPy 1.17.1
// and NumPy 2.4.6; the inputs are built here by the same arithmetic as there, so they are
// the same doubles.
const closeTo = (actual: number | null, expected: number, relative: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
};
const EXACT = 1e-9;
const APPROX = 1e-6;
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);

describe("wilcoxonSignedRankP (scipy.stats.wilcoxon(x) defaults)", () => {
  it("matches SciPy's exact distribution without ties or zeros, in either direction", () => {
    // stats.wilcoxon([0.01, 0.02, 0.03, 0.04, 0.05, 0.06]).pvalue
    closeTo(wilcoxonSignedRankP([0.01, 0.02, 0.03, 0.04, 0.05, 0.06]), 0.03125, EXACT);
    // stats.wilcoxon([0.12, -0.05, 0.08, 0.31, -0.02, 0.17, 0.09, 0.04]).pvalue
    closeTo(wilcoxonSignedRankP([0.12, -0.05, 0.08, 0.31, -0.02, 0.17, 0.09, 0.04]), 0.0546875, EXACT);
    // stats.wilcoxon([-0.3, -0.11, 0.05, -0.21, -0.08, -0.15, 0.02, -0.26, -0.19, -0.04]).pvalue
    closeTo(wilcoxonSignedRankP([-0.3, -0.11, 0.05, -0.21, -0.08, -0.15, 0.02, -0.26, -0.19, -0.04]), 0.013671875, EXACT);
    // x = [(-1 if i % 3 == 0 else 1) * (0.01 * i + 0.0001 * i * i) for i in range(1, 51)]; stats.wilcoxon(x).pvalue
    const fifty = range(50, 1).map((i) => (i % 3 === 0 ? -1 : 1) * (0.01 * i + 0.0001 * i * i));
    closeTo(wilcoxonSignedRankP(fifty), 0.02616696817119646, EXACT);
  });

  it("matches SciPy's exhaustive permutation test with ties or zeros up to 13 values", () => {
    // stats.wilcoxon([0.5, 0.5, -0.25, 1.0, 1.0, 2.0, -0.5, 1.5]).pvalue
    closeTo(wilcoxonSignedRankP([0.5, 0.5, -0.25, 1.0, 1.0, 2.0, -0.5, 1.5]), 0.0625, EXACT);
    // stats.wilcoxon([0.0, 0.5, 1.0, 1.5, -0.25, 2.0, 0.0]).pvalue
    closeTo(wilcoxonSignedRankP([0, 0.5, 1.0, 1.5, -0.25, 2.0, 0]), 0.125, EXACT);
    // stats.wilcoxon([0.0, 0.3]).pvalue
    expect(wilcoxonSignedRankP([0, 0.3])).toBe(1);
  });

  it("matches SciPy's normal approximation (tie-corrected, no continuity correction)", () => {
    // x = [0.25 * (i % 7 - 2) or 0.125 for i in range(20)]: ties, 20 values
    closeTo(wilcoxonSignedRankP(range(20).map((i) => 0.25 * ((i % 7) - 2) || 0.125)), 0.07116417451485788, APPROX);
    // x = [0.0, 0.0] + [(-1) ** (i // 3) * (0.1 + 0.013 * i) for i in range(14)]: zeros, 16 values
    const withZeros = [0, 0, ...range(14).map((i) => (-1) ** Math.floor(i / 3) * (0.1 + 0.013 * i))];
    closeTo(wilcoxonSignedRankP(withZeros), 0.7775646168566407, APPROX);
    // x = [(-1 if i % 3 == 0 else 1) * (0.01 * i + 0.0001 * i * i) for i in range(1, 52)]: no ties, but 51 values
    closeTo(wilcoxonSignedRankP(range(51, 1).map((i) => (i % 3 === 0 ? -1 : 1) * (0.01 * i + 0.0001 * i * i))), 0.055852182035584695, APPROX);
    // x = [((i * 29) % 103 - 60) / 100 for i in range(1, 52)]: ties, 51 values
    closeTo(wilcoxonSignedRankP(range(51, 1).map((i) => (((i * 29) % 103) - 60) / 100)), 0.054645110642515426, APPROX);
    // x = [0.001 * i for i in range(1, 61)]: a tiny p keeps its digits
    closeTo(wilcoxonSignedRankP(range(60, 1).map((i) => 0.001 * i)), 1.6295557943119345e-11, APPROX);
  });

  it("is symmetric in sign and exact in the extreme tail", () => {
    const values = [0.12, -0.05, 0.08, 0.31, -0.02, 0.17, 0.09, 0.04];
    expect(wilcoxonSignedRankP(values.map((v) => -v))).toBe(wilcoxonSignedRankP(values));
    // All 50 in one direction: 2 of the 2^50 sign patterns are as extreme.
    expect(wilcoxonSignedRankP(range(50, 1))).toBe(2 / 2 ** 50);
  });

  it("is null with fewer than two values and 1 when every value is zero", () => {
    expect(wilcoxonSignedRankP([])).toBeNull();
    expect(wilcoxonSignedRankP([0.4])).toBeNull();
    expect(wilcoxonSignedRankP([0, 0, 0])).toBe(1);
    expect(wilcoxonSignedRankP(new Array<number>(20).fill(0))).toBe(1);
  });

  it("needs six sessions for p below 0.05: the smallest exact p is 2 / 2^n", () => {
    const smallestP = (n: number) => wilcoxonSignedRankP(range(n, 1))!;
    const first = range(20, 2).find((n) => smallestP(n) < SIGNIFICANCE_LEVEL);
    expect(first).toBe(MIN_SESSIONS_FOR_SIGNIFICANCE);
    expect(smallestP(5)).toBe(0.0625);
  });
});

describe("tInterval95 (scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=sem))", () => {
  it("matches SciPy", () => {
    const two = tInterval95([1, 2])!;
    closeTo(two[0], -4.853102368087347, EXACT);
    closeTo(two[1], 7.853102368087347, EXACT);
    const five = tInterval95([0.1, 0.12, 0.09, 0.15, 0.11])!;
    closeTo(five[0], 0.08541474809012978, EXACT);
    closeTo(five[1], 0.1425852519098702, EXACT);
    const logs = tInterval95([1.08, 1.12, 1.1, 1.09, 1.13, 1.07, 1.11, 1.1].map(Math.log))!;
    closeTo(logs[0], 0.07996164713018468, EXACT);
    closeTo(logs[1], 0.11036937257360051, EXACT);
  });

  it("is null with fewer than two values", () => {
    expect(tInterval95([])).toBeNull();
    expect(tInterval95([3])).toBeNull();
  });
});

describe("tInterval at another coverage (a claim's parts share 5%: Bonferroni)", () => {
  // t(0.995, 1) = 63.65674116287399 and t(0.995, 4) = 4.604094871415897 (printed tables, and
  // scipy.stats.t.ppf): the 99% interval is mean ± that · sem.
  it("widens with the coverage asked for", () => {
    const two = tInterval([1, 2], 0.99)!;
    closeTo(two[0], -30.328370581436996, EXACT);
    closeTo(two[1], 33.328370581437, EXACT);
    const five = tInterval([0.1, 0.12, 0.09, 0.15, 0.11], 0.99)!;
    closeTo(five[0], 0.06659794206988684, EXACT);
    closeTo(five[1], 0.16140205793011317, EXACT);
    expect(tInterval([1, 2], 0.95)).toEqual(tInterval95([1, 2]));
  });

  it("refuses a coverage outside (0, 1)", () => {
    expect(() => tInterval([1, 2], 1)).toThrow(RangeError);
    expect(() => tInterval([1, 2], 95)).toThrow(RangeError);
  });
});

describe("pairedRatio", () => {
  // (session, candidate ms, baseline ms): PAIRED in scipy-reference.py.
  const fixture: [number, number, number][] = [
    [1, 1.1, 1.0], [1, 1.32, 1.21], [1, 1.05, 0.97],
    [2, 2.31, 2.02], [2, 2.2, 2.05], [2, 2.26, 2.01],
    [3, 0.98, 0.91], [3, 1.02, 0.9], [3, 0.99, 0.93],
    [4, 1.45, 1.31], [4, 1.4, 1.33], [4, 1.47, 1.3],
    [5, 1.16, 1.07], [5, 1.21, 1.06], [5, 1.12, 1.05],
    [6, 1.66, 1.49], [6, 1.7, 1.58], [6, 1.62, 1.5],
  ];
  const blocks: PairedBlock[] = fixture.map(([session, candidateMs, baselineMs], i) => ({ session, block: (i % 3) + 1, candidateMs, baselineMs }));

  it("matches SciPy: exp(mean of session medians of block log-ratios), exp(t-interval), signed-rank p", () => {
    // paired ratio 1.0937382067440267 [1.0747637143333284, 1.1130476856800813] 0.03125
    expect(pairedRatio(blocks, 0.02)).toEqual({ ratio: 1.0937, ratio_ci95: [1.0748, 1.113], p_value: 0.03125, sessions: 6, blocks: 18, verdict: "slower" });
  });

  it("turns the other way when the series swap", () => {
    const swapped = blocks.map((b) => ({ ...b, candidateMs: b.baselineMs, baselineMs: b.candidateMs }));
    // 1 / 1.0937382067440267, 1 / 1.1130476856800813, 1 / 1.0747637143333284
    expect(pairedRatio(swapped, 0.02)).toEqual({ ratio: 0.9143, ratio_ci95: [0.8984, 0.9304], p_value: 0.03125, sessions: 6, blocks: 18, verdict: "faster" });
  });

  it("takes the median of a session's blocks, so one disturbed block does not move it", () => {
    const disturbed = blocks.map((b, i) => (i === 0 ? { ...b, candidateMs: 50 } : b));
    expect(pairedRatio(disturbed, 0.02)).toEqual(pairedRatio(blocks, 0.02));
  });

  it("says 'same' below the noise threshold, and with too few sessions for p < 0.05", () => {
    expect(pairedRatio(blocks, 0.1).verdict).toBe("same");
    const fiveSessions = blocks.filter((b) => b.session <= 5);
    const five = pairedRatio(fiveSessions, 0.02);
    expect(five.ratio_ci95![0]).toBeGreaterThan(1);
    expect(five.p_value).toBe(0.0625);
    expect(five.verdict).toBe("same");
  });

  it("leaves out a session cut short (under half the blocks of the fullest): one block must not weigh as much as a session", () => {
    // Session 7 has one block (a crash after it), with a ratio of 3: it would drag the mean far up.
    const cutShort = [...blocks, { session: 7, block: 1, candidateMs: 3, baselineMs: 1 }];
    expect(pairedRatio(cutShort, 0.02)).toEqual(pairedRatio(blocks, 0.02));
    // Two of three blocks is more than half: kept.
    const twoOfThree = [...blocks, { session: 7, block: 1, candidateMs: 1.1, baselineMs: 1 }, { session: 7, block: 2, candidateMs: 1.1, baselineMs: 1 }];
    expect(pairedRatio(twoOfThree, 0.02)).toMatchObject({ sessions: 7, blocks: 20 });
  });

  it("skips blocks without two positive medians, and has no interval or p from one session", () => {
    const one = pairedRatio([{ session: 3, block: 1, candidateMs: 2, baselineMs: 1 }, { session: 3, block: 2, candidateMs: 0, baselineMs: 1 }, { session: 3, block: 3, candidateMs: 2, baselineMs: Number.NaN }], 0.02);
    expect(one).toEqual({ ratio: 2, ratio_ci95: null, p_value: null, sessions: 1, blocks: 1, verdict: "same" });
    expect(() => pairedRatio([{ session: 1, block: 1, candidateMs: -1, baselineMs: 1 }], 0.02)).toThrow(RangeError);
  });

  // The example: A takes 1.10× B's time in every block, while drift shared by both
  // moves whole sessions (×1, 1.3, 0.9, 2.0, 1.1, …) and each batch median has ±1% of its
  // own noise. Pairing cancels the drift; comparing session medians unpaired does not.
  describe("under shared drift", () => {
    const drift = [1, 1.3, 0.9, 2.0, 1.1, 1.2, 0.95, 1.6];
    const scenario = (sessions: number) => {
      const random = seededRandom(14);
      const noise = () => 1 + (random() - 0.5) * 0.02;
      return range(sessions).flatMap((s) => range(5).map((b) => ({ session: s + 1, block: b + 1, candidateMs: 0.3 * drift[s]! * 1.1 * noise(), baselineMs: 0.3 * drift[s]! * noise() })));
    };
    const sessionMedians = (blocksOf: PairedBlock[], pick: (b: PairedBlock) => number) =>
      [...new Set(blocksOf.map((b) => b.session))].map((s) => {
        const values = blocksOf.filter((b) => b.session === s).map(pick).sort((x, y) => x - y);
        return values[Math.floor(values.length / 2)]!;
      });

    it("pairs to 1.10× with a narrow interval where the unpaired comparison sees nothing", () => {
      const five = scenario(5);
      const paired = pairedRatio(five, 0.02);
      expect(paired.ratio).toBeCloseTo(1.1, 2);
      expect(paired.ratio_ci95![0]).toBeGreaterThan(1.08);
      expect(paired.ratio_ci95![1]).toBeLessThan(1.12);
      const unpaired = compareRounds(sessionMedians(five, (b) => b.candidateMs), sessionMedians(five, (b) => b.baselineMs), 0.02);
      expect(unpaired.verdict).toBe("same");
      expect(unpaired.ratio_ci95[0]).toBeLessThan(0.8);
      expect(unpaired.ratio_ci95[1]).toBeGreaterThan(1.5);
    });

    it("calls it slower with eight sessions; the unpaired comparison still does not", () => {
      const eight = scenario(8);
      const paired = pairedRatio(eight, 0.02);
      expect(paired).toMatchObject({ verdict: "slower", p_value: 2 / 2 ** 8, sessions: 8, blocks: 40 });
      expect(compareRounds(sessionMedians(eight, (b) => b.candidateMs), sessionMedians(eight, (b) => b.baselineMs), 0.02).verdict).toBe("same");
    });
  });
});
