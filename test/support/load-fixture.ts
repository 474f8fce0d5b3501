import { parseWrkOutput, wrkLevel } from "../../src/load/wrk.js";
import type { LoadLevelResult, LoadResults } from "../../src/results/types.js";
import { judged } from "../../src/stats/load-verdict.js";

/** What wrk's Lua script prints for a 2-second level: 10 000 requests, 6 of them failed. */
export const WRK_STDOUT =
  'CRUDBENCH {"requests":10000,"duration_us":2000000,"status":5,"timeout":1,"connect":0,"read":0,"write":0,"p50":500,"p90":900,"p99":2500,"p999":4000,"max":9000}\n';

function latency(p50: number, p99: number, meanMs: number): LoadLevelResult["latency"] {
  return { count: 1000, mean_ms: meanMs, p50_ms: p50, p90_ms: p99 / 2, p99_ms: p99, p999_ms: p99 * 1.5, max_ms: p99 * 2, spectrum: [{ percentile: 50, ms: p50 }, { percentile: 100, ms: p99 * 2 }], censored: 0, p99_lower_bound: false };
}

/** A level as crudbench's own generator reports it: CPU and event-loop delay measured. */
export function crudbenchLevel(model: "closed" | "open", connections: number, cpuPercent: number, bound: boolean): LoadLevelResult {
  const rps = model === "open" ? 200 : 1500;
  // Closed: the mean Little's law asks for (connections ÷ throughput), so only the CPU can make it invalid.
  const mean = model === "closed" ? connections / (rps / 1000) : 0.9;
  return judged(
    {
      model,
      generator: "crudbench",
      concurrency: connections,
      target_rate: model === "open" ? 200 : null,
      achieved_rps: rps,
      quarters_rps: [rps, rps, rps, rps],
      latency: latency(0.8, 4, mean),
      uncorrected_latency: model === "open" ? latency(0.5, 2, 0.6) : null,
      errors: {},
      dropped: 0,
      dispatch_lag_p99_ms: 0.3,
      generator_cpu_percent: cpuPercent,
      event_loop_delay_p99_ms: 1.2,
      generator_bound: bound,
    },
    { sloP99Ms: 50 },
  );
}

/** A load stage with crudbench's closed levels, wrk's peak and one open rate. */
export function fixtureLoad(): LoadResults {
  return {
    mix: "crud",
    slo_p99_ms: 50,
    closed: [crudbenchLevel("closed", 1, 35, false), crudbenchLevel("closed", 8, 85, true), judged(wrkLevel(parseWrkOutput(WRK_STDOUT), 8), { sloP99Ms: 50 })],
    open: [crudbenchLevel("open", 64, 20, false)],
    sustainable_rps: 200,
  };
}
