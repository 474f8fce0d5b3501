import type { Count } from "./types.js";

/**
 * Claims checked against a run (`run --claims FILE`, `crudbench claims FILE results.json`):
 * what a claims file said, and what the run's statistics say of it. Part of the results
 * schema (generated from src/results/types.ts, which re-exports these).
 */

/**
 * - `holds`: every part's interval lies inside the claimed range;
 * - `refuted`: some part's interval lies wholly outside it;
 * - `not-settled`: no part refutes it, but some interval straddles a bound;
 * - `not-measured`: a target the claim names was not measured (or not for that metric).
 */
export type ClaimOutcome = "holds" | "refuted" | "not-settled" | "not-measured";

/** One comparison a claim rests on: one metric (and operation) of one target against one other. */
export interface ClaimPart {
  /** What was compared, as the report names it: `single.read`, `bulk.create`, `peak_rss`, `idle_rss`, `throughput`, `cpu.read`. */
  metric: string;
  subject: string;
  versus: string;
  /** The measured value in the claim's own terms (a factor, a percentage, megabytes); null when not measured. */
  value: number | null;
  /** The interval of that value; null when not measured or when the metric has none (a single throughput figure). */
  interval: [number, number] | null;
  /** The interval's coverage as a share (0.95, or more when a claim's parts share the 5%); null without an interval. */
  coverage: number | null;
  /** How value and interval are written: `×` a factor, `%` a percentage, `MB` megabytes. */
  unit: "×" | "%" | "MB";
  outcome: ClaimOutcome;
  /** Why a part is not measured or not settled, in a sentence; null when it holds or is refuted. */
  reason: string | null;
}

export interface ClaimVerdict {
  id: string;
  /** The claim in its author's words (paraphrased where the file says so). */
  text: string;
  /** The relation checked, in words: "actix-raw 5×–20× faster than flask-raw on single create, read, update, delete". */
  expected: string;
  outcome: ClaimOutcome;
  parts: ClaimPart[];
}

export interface ClaimsEvaluation {
  /** The claims file as given on the command line. */
  file: string;
  /** Where the claims come from, as the file names it; null when it names none. */
  source: string | null;
  verdicts: ClaimVerdict[];
  /** Verdicts by outcome, for the summary line and the exit code (1 when any is refuted). */
  counts: Record<ClaimOutcome, Count>;
}
