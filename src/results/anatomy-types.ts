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
