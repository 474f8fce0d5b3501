import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRecordingOutput } from "../../src/console/output.js";
import { hasLatency } from "../../src/results/target-outcome.js";
import type { LatencyConfig } from "../../src/results/types.js";
import { runBenchmark } from "../../src/run/pipeline.js";
import { compareRounds } from "../../src/stats/compare.js";
import { findComparison } from "../../src/stats/comparisons.js";
import { fakeLauncher, fakeTargetsDir } from "../support/fake-launcher.js";

/**
 * The scenario, end to end through the real pipeline: two fixture servers share a
 * machine whose speed drifts from session to session (×1, 1.3, 0.9, 2.0, 1.1, 1.6, 0.8, 1.4), and one is
 * 1.1× slower than the other in every request. Paired within blocks, the difference is
 * plain; compared as two independent sets of session medians, the drift hides it.
 */
const DRIFT = [1, 1.3, 0.9, 2.0, 1.1, 1.6, 0.8, 1.4];
const BASE_MS = 2;
const SLOWER = 1.1;
const latency: LatencyConfig = { sessions: DRIFT.length, blocks: 6, batch: 5, rewarm: 1, turn: 2, warmup: 4, bulk_size: 2, bulk_every: 1, bulk_warmup: 0, order_seed: 11, memory_interval_ms: 50, idle_window_ms: 20 };

describe("paired sessions under shared drift", () => {
  it("call the slower target slower, where the unpaired comparison of session medians cannot tell", { timeout: 120_000 }, async () => {
    const fakes = fakeLauncher((name, purpose, fake) => {
      const session = /^session-(\d+)$/.exec(purpose);
      if (!session) return;
      const drift = DRIFT[Number(session[1]) - 1]!;
      fake.inject({ kind: "busy", ms: BASE_MS * drift * (name === "slow-raw" ? SLOWER : 1), method: "GET", path: /^\/tasks\/\d+$/ });
    });
    const outcome = await runBenchmark({
      database: "sqlite",
      latency,
      load: null,
      statistics: { bootstrap_resamples: 2000, bootstrap_seed: 5, noise_threshold: 0.02 },
      requestTimeoutMs: 5_000,
      poolSize: 1,
      targetNames: undefined,
      targetsDir: fakeTargetsDir(["fast-raw", "slow-raw"]),
      resultsRoot: mkdtempSync(join(tmpdir(), "crudbench-drift-")),
      outDir: undefined,
      pin: false,
      output: createRecordingOutput(),
      launch: fakes.launch,
      timing: { engine: { engine: "undici-dispatch", reason: "drift scenario" }, measureFloor: false },
    });
    const { results } = outcome;
    const paired = findComparison(results.comparisons, "single.read", "slow-raw", "fast-raw")!;
    expect(paired.sessions).toBe(DRIFT.length);
    expect(paired.verdict).toBe("slower");
    expect(paired.ratio).toBeGreaterThan(1.05);
    expect(paired.ratio).toBeLessThan(1.12);
    expect(paired.ratio_ci95![0]).toBeGreaterThan(1);

    const [fast, slow] = ["fast-raw", "slow-raw"].map((name) => results.targets.find((t) => t.name === name)!);
    if (!hasLatency(fast!) || !hasLatency(slow!)) throw new Error("no latency");
    const unpaired = compareRounds(slow.single.read.sessions_ms, fast.single.read.sessions_ms, 0.02, { resamples: 2000, seed: 5, confidence: 0.95 });
    expect(unpaired.verdict).toBe("same");
    expect(unpaired.ratio_ci95[0]).toBeLessThan(1);
  });
});
