import type { Count } from "./types.js";

/**
 * Where a single request's time went, from the targets' Server-Timing headers
 * (spec/README.md): `db` inside the database driver, `framework` the rest of the server's
 * handling (app − db: routing, validation, (de)serialisation, an ORM's own work), and
 * `transport` what is left of the client-observed time (observed − app: the HTTP server's
 * parsing and writing, the kernel's loopback, the timing client). Each is computed per
 * request, its median taken per session and then across sessions, like a target's median.
 */
export interface LatencyAnatomy {
  db_ms: number;
  framework_ms: number;
  transport_ms: number;
  /** The client-observed median of the same requests (median over sessions). */
  observed_ms: number;
  /**
   * (db + framework + transport) / observed − 1: medians do not add up exactly, and a large
   * gap says the parts are skewed differently.
   */
  gap: number;
  /** Timed samples with a valid Server-Timing header, all sessions. */
  samples: Count;
  /** Timed samples without one (counted, never guessed). */
  missing: Count;
}

/**
 * CPU time the target's whole process tree (every thread) used per request it served, from
 * the scheduler's per-thread run time (/proc/<pid>/task/<tid>/schedstat, nanoseconds) read
 * before and after each step of a block. Untimed re-warm requests count as requests: they
 * cost the same. Steadier than wall-clock latency on a shared machine: time stolen by the
 * hypervisor or spent waiting for the CPU is not run time.
 */
export interface CpuPerRequest {
  /** Median over sessions of each session's CPU µs per request. */
  us_per_request: number;
  sessions_us: number[];
  /** 1 000 000 / us_per_request: what one fully used core would serve of this operation. */
  requests_per_cpu_s: number;
  /** Requests the CPU was divided by, all sessions. */
  requests: Count;
}

/**
 * SQL statements per request while the target was measured: the database's own count
 * (pg_stat_statements) read before and after each step of a block, over the Task API
 * requests the step sent (untimed re-warm ones too; the readiness probe not). Conformance
 * counts them once on a quiet target; a different count under measurement means the target
 * does work the check did not see (pool pings, session setup, lazy loads).
 */
export interface StatementsUnderMeasurement {
  /** All statements over all requests of all sessions, to 2 decimals. */
  per_request: number;
  /** Each session's statements per request. */
  sessions: number[];
  requests: Count;
  /** The conformance count for this kind of request; null when it was not counted. */
  conformance: number | null;
  /** per_request differs from the conformance count (both to 2 decimals); null without one. */
  differs: boolean | null;
}

/** One time per start, in start order, with its median and range. */
export interface StartTimes {
  samples_ms: number[];
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

/**
 * How long the target takes to start, measured every time a latency session starts it (each
 * start alone, one target after another, on a fresh database). The conformance start is not
 * counted: it runs with statement tracing on where the database needs it.
 */
export interface ColdStart {
  /** Spawn to the first 200 from the readiness path (GET /health), which is polled every `poll_ms`. */
  ready: StartTimes;
  /** Spawn to the first POST /tasks answered 201, sent on a new connection as soon as it was ready. */
  first_post: StartTimes;
  poll_ms: number;
}
