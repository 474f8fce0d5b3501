import type { Count } from "./types.js";

/**
 * Latency percentiles of a load level, from an HDR histogram (microsecond resolution). Every
 * request due in the measuring window is in it: one that failed, timed out or was dropped is
 * censored, entered at the request timeout (it took at least that long to be of no use),
 * never left out, so an overloaded level's tail is not biased low.
 */
export interface LoadLatency {
  /** Requests in the distribution: answered, and censored. */
  count: Count;
  /** Mean of the answered requests' latency (Little's law needs a mean); null with none answered. */
  mean_ms: number | null;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
  p999_ms: number | null;
  max_ms: number | null;
  /** Latency at fixed percentiles from 0 to 100 (the percentile spectrum). */
  spectrum: { percentile: number; ms: number }[];
  /** Requests entered at the timeout instead of a measured latency (failed, timed out, dropped). */
  censored: Count;
  /** More than 1% censored: p99 is only a lower bound, and is reported as "p99 > X ms". */
  p99_lower_bound: boolean;
}

/**
 * The checks behind a level's verdict: each needs no trust in the latency figures
 * themselves. Null where a check does not apply to the model or could not be computed.
 */
export interface LevelChecks {
  /** Closed model: connections ÷ (throughput × mean latency). Little's law says 1; valid within ±10%. */
  littles_law: number | null;
  /** Open model: achieved ÷ target rate; valid at ≥ 0.95. */
  achieved_share: number | null;
  /** Throughput of the last quarter of the window ÷ the first; valid within ±10%. */
  stability: number | null;
  /** Failed, timed-out and dropped requests ÷ all requests due in the window. */
  error_share: number;
  /** The generator's CPU, % of one core (valid ≤ 70); null where not watched (wrk, Locust). */
  generator_cpu_percent: number | null;
  /** p99 of the generator's dispatch lag ÷ the latency objective (valid ≤ 0.1); null where not measured. */
  dispatch_lag_share: number | null;
  /** wrk: achieved ÷ wrk's own ceiling on the echo server (generator-bound at ≥ 0.8); null without a calibration. */
  ceiling_share: number | null;
}

/** Whether a level's numbers can be used, and why not. */
export interface LevelVerdict {
  valid: boolean;
  /** Every failed check in words ("Little's law off by 23%"); empty when valid. */
  reasons: string[];
  checks: LevelChecks;
}

/** One level of a load test: a concurrency (closed model) or an arrival rate (open model). */
export interface LoadLevelResult {
  model: "closed" | "open";
  /**
   * Which load generator produced the numbers: crudbench's own in Node (undici), crudbench's
   * native engine (one blocking client process per connection; closed model), wrk, or Locust
   * (`--engine locust`, or `crudbench import locust`; closed model).
   */
  generator: "crudbench" | "crudbench-engine" | "wrk" | "locust";
  /** Connections (closed: concurrent requests). */
  concurrency: Count;
  /** Requests per second asked for (open model). */
  target_rate: number | null;
  /** Answered requests per second over the measuring window (requests that started before it or ended after it count by their share inside it). */
  achieved_rps: number;
  /** Answered requests per second in each quarter of the window; null where not recorded (wrk, Locust). */
  quarters_rps: number[] | null;
  /** Closed: per request. Open: from each request's intended start (coordinated-omission corrected). */
  latency: LoadLatency;
  /** Open model only: from the actual send, which hides queueing behind a stalled server. */
  uncorrected_latency: LoadLatency | null;
  /** Failed requests by cause: HTTP status, "timeout", "network", "invalid-body". */
  errors: Record<string, number>;
  /** Open model: requests due that could not even be queued (a full queue). Requests still queued when the window ends were late, not dropped: they are censored. */
  dropped: Count;
  /**
   * The generator's own lateness, p99 in ms: open model, actual send − intended start of
   * requests that found a free connection; closed model, a connection's next send − its last
   * answer. Null where not measured (wrk, Locust).
   */
  dispatch_lag_p99_ms: number | null;
  /** CPU the generator used, as a percentage of one core; null where not measured (wrk and Locust are separate programs). */
  generator_cpu_percent: number | null;
  /** p99 of the generator's event-loop delay; null where not measured (wrk and Locust have no Node event loop). */
  event_loop_delay_p99_ms: number | null;
  /**
   * The generator, not the target, may have been the limit (its CPU, its dispatch lag, or —
   * for wrk — ≥ 80% of its own ceiling on the echo server; for Locust, its own warning of a CPU
   * over 90%); null where nothing is known either way.
   */
  generator_bound: boolean | null;
  /** Whether this level's numbers can be used; an invalid level is never a sustainable rate or a peak. */
  verdict: LevelVerdict;
}

/** A level as a generator measured it, before it is judged. */
export type LevelMeasurement = Omit<LoadLevelResult, "verdict">;

export interface LoadResults {
  mix: "read" | "write" | "crud";
  slo_p99_ms: number;
  closed: LoadLevelResult[];
  open: LoadLevelResult[];
  /** Highest valid open-model rate whose corrected p99 met the objective with no errors or drops. */
  sustainable_rps: number | null;
}
