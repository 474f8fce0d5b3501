import type { CrudOperation } from "../results/types.js";

/**
 * A claims file as crudbench reads it (spec/claims.schema.json, parsed and checked by
 * claims-file.ts): the typed form the evaluation works from.
 */

/** What a claim is about; each metric is checked with the relation of its family. */
export type ClaimMetric = "single" | "bulk" | "cpu" | "throughput" | "peak_memory" | "idle_memory";
export const CLAIM_METRICS: readonly ClaimMetric[] = ["single", "bulk", "cpu", "throughput", "peak_memory", "idle_memory"];

/** Speed: times (or throughput) compared as a factor. Memory: RSS compared as a share, a difference or a factor. */
export type RelationFamily = "speed" | "memory";

export const METRIC_FAMILY: Record<ClaimMetric, RelationFamily> = {
  single: "speed",
  bulk: "speed",
  cpu: "speed",
  throughput: "speed",
  peak_memory: "memory",
  idle_memory: "memory",
};

/** The metrics measured per operation; `operations` narrows these. */
export const PER_OPERATION: ReadonlySet<ClaimMetric> = new Set(["single", "bulk", "cpu"]);

export type Relation =
  /** versus ÷ subject time (throughput: subject ÷ versus) in [low, high]. */
  | { kind: "faster_by"; low: number; high: number }
  /** That factor at least `factor`. */
  | { kind: "at_least_faster"; factor: number }
  /** subject ÷ versus time (throughput: versus ÷ subject) above 1 against every opponent. */
  | { kind: "slowest" }
  /** 100 · (1 − subject ÷ versus memory) in [low, high]. */
  | { kind: "less_memory_percent"; low: number; high: number }
  /** subject − versus memory (MB) in value ± tolerance. */
  | { kind: "memory_difference_mb"; value: number; tolerance: number }
  /** subject ÷ versus memory above 1 against every opponent. */
  | { kind: "most_memory" };

export type RelationKind = Relation["kind"];

export const RELATION_FAMILY: Record<RelationKind, RelationFamily> = {
  faster_by: "speed",
  at_least_faster: "speed",
  slowest: "speed",
  less_memory_percent: "memory",
  memory_difference_mb: "memory",
  most_memory: "memory",
};

/** Named targets, or the run's targets of some languages (the subject excluded), resolved against the results. */
export type Opponents = { kind: "targets"; names: string[] } | { kind: "languages"; languages: string[] };

export interface ClaimSpec {
  id: string;
  text: string;
  metrics: ClaimMetric[];
  /** Checked for single, bulk and cpu; all four unless the file narrows them. */
  operations: CrudOperation[];
  subject: string;
  versus: Opponents;
  /** At most one per family; every metric has the one of its family. */
  relations: Relation[];
}

export interface ClaimsFile {
  /** The path as given on the command line. */
  file: string;
  source: string | null;
  claims: ClaimSpec[];
}

/** The relation a metric is checked with (claims-file.ts guarantees there is one). */
export function relationFor(claim: ClaimSpec, metric: ClaimMetric): Relation {
  const relation = claim.relations.find((r) => RELATION_FAMILY[r.kind] === METRIC_FAMILY[metric]);
  if (!relation) throw new Error(`claim ${claim.id}: no relation for ${metric} (claims-file.ts should have rejected it)`);
  return relation;
}

/**
 * Targets a claims file names that are not among `names` (a run's targets): not an error —
 * their parts are "not measured" — but worth a warning before an hour of measuring.
 */
export function unknownTargets(claims: ClaimsFile, names: readonly string[]): { id: string; target: string }[] {
  const known = new Set(names);
  return claims.claims.flatMap((claim) => {
    const named = [claim.subject, ...(claim.versus.kind === "targets" ? claim.versus.names : [])];
    return [...new Set(named)].filter((name) => !known.has(name)).map((target) => ({ id: claim.id, target }));
  });
}
