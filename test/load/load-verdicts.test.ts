import { afterEach, describe, expect, it } from "vitest";
import { runClosedLevel, runOpenLevel } from "../../src/load/generator.js";
import { MixPlanner } from "../../src/load/mix.js";
import type { LevelMeasurement } from "../../src/results/types.js";
import { judgeLevel } from "../../src/stats/load-verdict.js";
import { seededRandom } from "../../src/stats/random.js";
import { startFixtureServer, type FixtureBehaviour, type FixtureServer } from "./fixture-servers.js";

/**
 * crudbench's own generator against real servers that misbehave in known ways, each level
 * judged as measure-load judges it. The machine is noisy: these check properties (valid or
 * not, and why; what was censored, dropped, drained), never timings beyond wide margins.
 */
const SLO_P99_MS = 100;
const judge = (level: LevelMeasurement) => judgeLevel(level, { sloP99Ms: SLO_P99_MS });
const readPlanner = () => new MixPlanner("read", [1], seededRandom(1));
/**
 * A verdict's reasons that are about the server, not the generator: on a busy machine (a CI
 * run's parallel test files) the generator itself may send late or use its core, and the
 * verdict rightly says so; that is tested on its own below ("a slow generator").
 */
const serverReasons = (level: LevelMeasurement) => judge(level).reasons.filter((reason) => !reason.startsWith("the generator "));
const failures = (level: LevelMeasurement) => Object.values(level.errors).reduce((sum, n) => sum + n, 0);

let server: FixtureServer | undefined;
async function serve(behaviour: FixtureBehaviour): Promise<string> {
  server = await startFixtureServer(behaviour);
  return server.url;
}
afterEach(() => {
  server?.stop();
  server = undefined;
});

/** Blocks this process's event loop — the generator's — as a slow generator would. */
function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("a healthy server", () => {
  // Answers take 20 ms of timer, not of CPU, so a busy machine barely moves its throughput
  // between the window's quarters; the warm-up lets a test file starting beside it settle.
  it("gives a valid closed level whose numbers obey Little's law", async () => {
    const baseUrl = await serve({ delayMs: 20 });
    const level = await runClosedLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 300, durationMs: 800, timeoutMs: 1000 });
    const verdict = judge(level);
    expect(serverReasons(level)).toEqual([]);
    expect(verdict.checks.littles_law).toBeGreaterThan(0.9);
    expect(verdict.checks.littles_law).toBeLessThan(1.1);
    expect(level.quarters_rps).toHaveLength(4);
    expect(level.dispatch_lag_p99_ms).not.toBeNull();
    expect(level.latency.censored).toBe(0);
    expect(level.latency.mean_ms).toBeGreaterThanOrEqual(20);
  });

  it("gives a valid open level at the rate asked for", async () => {
    const baseUrl = await serve({ delayMs: 20 });
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 8, warmupMs: 300, durationMs: 800, timeoutMs: 1000, rate: 200 });
    const verdict = judge(level);
    expect(serverReasons(level)).toEqual([]);
    expect(verdict.checks.achieved_share).toBeGreaterThanOrEqual(0.95);
    expect(level.quarters_rps).toHaveLength(4);
    expect(level.dispatch_lag_p99_ms).not.toBeNull();
    expect(level.latency.count).toBeGreaterThanOrEqual(158);
    expect(level.latency.count).toBeLessThanOrEqual(161);
  });

  it("does not count a backlog left by the warm-up in the rate the open level achieved", async () => {
    // Frozen through almost all of the warm-up: ~80 requests queue, and are served right at the
    // window's start. They were due before it: counted, they made the rate look above 200.
    const baseUrl = await serve({ freezeAfterMs: 0, freezeMs: 380 });
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 2, warmupMs: 400, durationMs: 1000, timeoutMs: 2000, rate: 200 });
    expect(level.achieved_rps).toBeLessThanOrEqual(200.5);
    expect(level.achieved_rps).toBeGreaterThan(180);
  });

  it("counts the requests that straddle the window's edges by their share inside it (closed model)", async () => {
    // Each request takes ~100 ms and the window 250 ms: whole requests inside it are about 1 in
    // 2.5, so skipping the straddlers made throughput ~60% low and Little's law ~2.5.
    const baseUrl = await serve({ delayMs: 100 });
    const level = await runClosedLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 50, durationMs: 250, timeoutMs: 1000 });
    expect(level.achieved_rps).toBeGreaterThan(30);
    expect(level.achieved_rps).toBeLessThan(45);
    const verdict = judge(level);
    expect(verdict.checks.littles_law).toBeGreaterThan(0.9);
    expect(verdict.checks.littles_law).toBeLessThan(1.1);
  });
});

describe("a freezing server", () => {
  // undici runs its headers timeout on coarse timers (~0.5 s ticks): a 150 ms timeout fires
  // between 150 ms and ~1.2 s, so the freezes below outlast that.
  it("censors the requests that time out during the freeze, and the open level is invalid for its errors", async () => {
    // Freezes 300 ms into a 2-second window, for 1.3 s.
    const baseUrl = await serve({ freezeAfterMs: 400, freezeMs: 1300 });
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 2000, timeoutMs: 150, rate: 100 });
    // At least the requests in flight when it froze: one on each connection.
    expect(level.errors.timeout).toBeGreaterThanOrEqual(4);
    expect(level.latency.censored).toBe(failures(level) + level.dropped);
    expect(level.uncorrected_latency!.censored).toBe(level.latency.censored);
    expect(level.latency.p99_lower_bound).toBe(true);
    expect(level.latency.p99_ms).toBeGreaterThanOrEqual(150);
    const verdict = judge(level);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContainEqual(expect.stringMatching(/failed, timed out or were dropped/));
  });

  it("shows a freeze to the window's end in the closed level's stability, with its timeouts censored", async () => {
    // Freezes 300 ms into a 1.6-second window, until after it.
    const baseUrl = await serve({ delayMs: 5, freezeAfterMs: 400, freezeMs: 3000 });
    const level = await runClosedLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 1600, timeoutMs: 150 });
    expect(level.errors.timeout).toBeGreaterThanOrEqual(4);
    expect(level.latency.censored).toBe(level.errors.timeout);
    // A timed-out request enters at the timeout (at least): the tail reaches it.
    expect(level.latency.max_ms).toBeGreaterThanOrEqual(150);
    expect(level.quarters_rps![3]).toBeLessThan(level.quarters_rps![0]! / 2);
    const verdict = judge(level);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContainEqual(expect.stringMatching(/throughput changed by/));
  });
});

describe("an overloaded server", () => {
  // One request at a time, ~20 ms each: about 47 req/s, asked for 100.
  const overloaded: FixtureBehaviour = { serial: true, delayMs: 20 };

  it("queues, drains the end-of-run queue instead of dropping it, and is invalid for the rate it missed", async () => {
    const baseUrl = await serve(overloaded);
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 600, timeoutMs: 3000, rate: 100 });
    // About 30 requests were still queued when the window ended; all were sent and answered.
    expect(level.dropped).toBe(0);
    expect(level.errors).toEqual({});
    expect(level.latency.censored).toBe(0);
    expect(level.latency.count).toBeGreaterThanOrEqual(59);
    expect(level.latency.count).toBeLessThanOrEqual(61);
    // The queue's wait shows in the corrected latency, not in the time from the send.
    expect(level.latency.p99_ms!).toBeGreaterThan(2 * level.uncorrected_latency!.p99_ms!);
    expect(level.latency.max_ms!).toBeGreaterThan(300);
    const verdict = judge(level);
    expect(verdict.checks.achieved_share!).toBeLessThan(0.95);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContainEqual(expect.stringMatching(/of the rate asked for/));
  });

  it("censors what the drain could not send within a timeout, still not as dropped", async () => {
    const baseUrl = await serve(overloaded);
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 600, timeoutMs: 300, rate: 100 });
    expect(level.dropped).toBe(0);
    expect(level.errors.timeout).toBeGreaterThan(0);
    expect(level.latency.censored).toBe(failures(level));
    // Every request due in the window is in the distribution: answered or censored.
    expect(level.latency.count).toBeGreaterThanOrEqual(59);
    expect(level.latency.count).toBeLessThanOrEqual(61);
    expect(level.latency.p99_lower_bound).toBe(true);
    expect(level.latency.p99_ms!).toBeGreaterThanOrEqual(300);
  });
});

describe("an erroring server", () => {
  // Every 10th request answers 500.
  const erroring: FixtureBehaviour = { delayMs: 2, failEvery: 10 };

  it("censors each failed request at the timeout, never as a fast sample (closed model)", async () => {
    const baseUrl = await serve(erroring);
    const level = await runClosedLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 500, timeoutMs: 1000 });
    expect(level.errors["500"]).toBeGreaterThan(0);
    expect(level.latency.censored).toBe(level.errors["500"]);
    expect(level.latency.censored / level.latency.count).toBeGreaterThan(0.05);
    expect(level.latency.p99_lower_bound).toBe(true);
    expect(level.latency.p99_ms!).toBeGreaterThanOrEqual(1000);
    // The mean is over the answered requests: the censored ones would make it ~100 ms.
    expect(level.latency.mean_ms!).toBeLessThan(50);
    const verdict = judge(level);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.error_share).toBeGreaterThan(0.05);
    expect(verdict.reasons).toContainEqual(expect.stringMatching(/failed, timed out or were dropped/));
  });

  it("censors each failed request in both open-model histograms", async () => {
    const baseUrl = await serve(erroring);
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 4, warmupMs: 100, durationMs: 500, timeoutMs: 1000, rate: 200 });
    expect(level.errors["500"]).toBeGreaterThan(0);
    expect(level.latency.censored).toBe(failures(level) + level.dropped);
    expect(level.uncorrected_latency!.censored).toBe(level.latency.censored);
    expect(level.uncorrected_latency!.count).toBe(level.latency.count);
    expect(level.uncorrected_latency!.p99_lower_bound).toBe(true);
    expect(level.latency.p99_ms!).toBeGreaterThanOrEqual(1000);
    expect(judge(level).valid).toBe(false);
  });
});

describe("a slow generator", () => {
  it("shows in the open level's dispatch lag when its event loop stalls", async () => {
    const baseUrl = await serve({});
    // The generator stalls 60 ms, 300 ms into the window: the ~12 requests due meanwhile go out late.
    const stall = setTimeout(() => busyWait(60), 405);
    const level = await runOpenLevel({ baseUrl, planner: readPlanner(), connections: 8, warmupMs: 100, durationMs: 600, timeoutMs: 1000, rate: 200 });
    clearTimeout(stall);
    expect(level.dispatch_lag_p99_ms!).toBeGreaterThanOrEqual(20);
    const verdict = judge(level);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContainEqual(expect.stringMatching(/the generator sent late/));
  });

  it("shows in the closed level's dispatch lag when it is slow to send the next request", async () => {
    const baseUrl = await serve({ delayMs: 5 });
    // Every 50th request is planned 20 ms late (2% of them, so the p99): its connection stands idle meanwhile.
    class SlowPlanner extends MixPlanner {
      private calls = 0;
      override next() {
        if (++this.calls % 50 === 0) busyWait(20);
        return super.next();
      }
    }
    const level = await runClosedLevel({ baseUrl, planner: new SlowPlanner("read", [1], seededRandom(1)), connections: 4, warmupMs: 100, durationMs: 600, timeoutMs: 1000 });
    expect(level.dispatch_lag_p99_ms!).toBeGreaterThanOrEqual(10);
    expect(judge(level).reasons).toContainEqual(expect.stringMatching(/the generator sent late/));
  });
});
