import { describe, expect, it } from "vitest";
import type { LoadConfigRecord } from "../../src/results/types.js";
import { loadMethod } from "../../src/report/load-method.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const crudbenchLoad: LoadConfigRecord = { mix: "crud", levels: [1, 8], rates: [100, 200], duration_ms: 10_000, warmup_ms: 2_000, slo_p99_ms: 50, open_connections: 64, seed_tasks: 200, use_wrk: true, engine: "crudbench", locust_workers: null };
const withLoad = (load: LoadConfigRecord) => fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.2)], { load });

describe("the load stage's method paragraph", () => {
  it("names both models and the sustainable rate's rule when the open model ran", () => {
    expect(loadMethod(withLoad(crudbenchLoad))).toBe(
      "Load: crud mix on 200 seeded tasks; closed model at 1, 8 connections, open model at 100, 200 req/s over 64 connections. Each level 2 s warm-up, then 10 s measured. " +
        "The sustainable rate is the highest arrival rate whose corrected p99 stayed within 50 ms with no errors and nothing dropped.",
    );
  });

  it("with Locust, names its workers and says no open model ran, with no rule for a rate never tried", () => {
    const text = loadMethod(withLoad({ ...crudbenchLoad, rates: [], use_wrk: false, engine: "locust", locust_workers: 2 }));
    expect(text).toBe("Load: crud mix on 200 seeded tasks; closed model at 1, 8 connections driven by Locust (a master and 2 workers); no open model (none asked for: Locust's pacing does not correct for coordinated omission). Each level 2 s warm-up, then 10 s measured.");
  });

  it("with Locust and rates asked for, says its open levels are paced and uncorrected", () => {
    const text = loadMethod(withLoad({ ...crudbenchLoad, rates: [200], use_wrk: false, engine: "locust", locust_workers: 1 }));
    expect(text).toContain("open model at 200 req/s over 64 users paced by Locust (a closed loop: latency uncorrected, missed sends counted as dropped, no sustainable rate).");
    expect(text).not.toContain("sustainable rate is the highest");
  });

  it("is absent when no load ran", () => {
    expect(loadMethod(fixtureResults([fixtureTarget("fastify-raw", "TypeScript", "raw", 0.2)]))).toBeUndefined();
  });
});
