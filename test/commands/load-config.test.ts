import { describe, expect, it } from "vitest";
import { loadConfig as loadConfigAsGiven, loadEngineProblem } from "../../src/commands/run.js";

/**
 * loadConfig with its keys in results.json's snake_case. main is moving the load stage's
 * configuration into results.json (durationMs becomes duration_ms, …); comparing in
 * snake_case keeps these tests true on both sides of that change.
 */
function loadConfig(given: Parameters<typeof loadConfigAsGiven>[0]): Record<string, unknown> {
  const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return Object.fromEntries(Object.entries(loadConfigAsGiven(given)).map(([key, value]) => [snake(key), value]));
}

// The documented defaults (README, `crudbench load --help`), written out rather than read from
// LOAD_DEFAULTS, so that a changed default is a visible change to this test.
const DEFAULT_CONFIG = {
  mix: "crud",
  levels: [1, 8, 32, 64, 128],
  rates: [100, 200, 400, 800, 1600, 3200],
  duration_ms: 10_000,
  warmup_ms: 2_000,
  slo_p99_ms: 50,
  open_connections: 64,
  seed_tasks: 1000,
  use_wrk: true,
  engine: "crudbench",
  locust_workers: null,
};

describe("load stage options", () => {
  it("takes the documented defaults when nothing is given", () => {
    expect(loadConfig({})).toStrictEqual(DEFAULT_CONFIG);
  });

  it("uses one --rate instead of the sweep, also when --rates is given", () => {
    expect(loadConfig({ rate: 750 }).rates).toStrictEqual([750]);
    expect(loadConfig({ rate: 750, rates: [100, 200] }).rates).toStrictEqual([750]);
  });

  it("sweeps the given --rates when there is no --rate", () => {
    expect(loadConfig({ rates: [50, 150] }).rates).toStrictEqual([50, 150]);
  });

  it("sweeps the rates upwards, each once, in whatever order they were given", () => {
    expect(loadConfig({ rates: [800, 100, 400, 100] }).rates).toStrictEqual([100, 400, 800]);
  });

  it("lets every given option replace its default", () => {
    const given = { levels: [2, 4], rates: [10, 20], duration: 3000, warmupTime: 500, mix: "read", sloP99: 20, openConnections: 8, wrk: false } as const;
    expect(loadConfig({ ...given, levels: [...given.levels], rates: [...given.rates] })).toStrictEqual({
      mix: "read",
      levels: [2, 4],
      rates: [10, 20],
      duration_ms: 3000,
      warmup_ms: 500,
      slo_p99_ms: 20,
      open_connections: 8,
      seed_tasks: 1000,
      use_wrk: false,
      engine: "crudbench",
      locust_workers: null,
    });
  });

  it("runs Locust's closed levels with its workers, and an open sweep only when rates are asked for", () => {
    const config = loadConfig({ engine: "locust", workers: 2 });
    expect(config).toMatchObject({ engine: "locust", locust_workers: 2, rates: [], levels: DEFAULT_CONFIG.levels });
    expect(loadConfigAsGiven({ engine: "locust", rates: [400, 200, 400] }, true).rates).toEqual([200, 400]);
    expect(loadConfigAsGiven({ engine: "locust", rate: 300 }, true).rates).toEqual([300]);
  });

  it("refuses --workers without --engine locust, with a hint", () => {
    expect(loadEngineProblem({ engine: "crudbench", workersGiven: true })?.message).toMatch(/--workers is Locust's/);
    expect(loadEngineProblem({ engine: "locust", workersGiven: true })).toBeUndefined();
    expect(loadEngineProblem({ engine: "crudbench", workersGiven: false })).toBeUndefined();
  });

  // `run --load` hands over its own options, where the load-only ones are absent (undefined):
  // they must fall back to the defaults, not blank them out.
  it("keeps the default where an option is present but undefined", () => {
    const unset = { levels: undefined, rates: undefined, rate: undefined, duration: undefined, warmupTime: undefined, mix: undefined, sloP99: undefined, openConnections: undefined, wrk: undefined };
    expect(loadConfig(unset)).toStrictEqual(DEFAULT_CONFIG);
  });

  // run's `warmup` counts requests; only `warmupTime` (milliseconds) is the load stage's.
  it("is not changed by the options of other stages that `run --load` passes along", () => {
    const runOptions = { sessions: 8, blocks: 10, batch: 20, warmup: 1500, seed: 3, db: "postgres", requestTimeout: 500, duration: 4000 };
    expect(loadConfig(runOptions as Parameters<typeof loadConfigAsGiven>[0])).toStrictEqual({ ...DEFAULT_CONFIG, duration_ms: 4000 });
  });
});
