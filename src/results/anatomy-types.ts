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
