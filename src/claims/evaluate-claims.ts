import type { ClaimOutcome, ClaimPart, ClaimsEvaluation, ClaimVerdict, Results } from "../results/types.js";
import { relationFor, type ClaimMetric, type ClaimSpec, type ClaimsFile } from "./claim-spec.js";
import { expectedText } from "./expected-text.js";
import { judgePart, relationUnit } from "./judge-part.js";
import { measurePart, partMetricName, type PartMetric } from "./measure-part.js";

/**
 * Claims checked with a run's own statistics: each claim expands into parts (metric ×
 * operation × opponent), each part is judged on its interval, and the claim's verdict
 * combines its parts. Pure: results in, ClaimsEvaluation out.
 */

/** The family-wise error a claim's verdict may have: its parts share it (Bonferroni). */
export const CLAIM_ERROR_RATE = 0.05;

/** One claim metric as the metrics its parts are measured on, in the file's operation order. */
function partMetrics(metric: ClaimMetric, claim: ClaimSpec): PartMetric[] {
  if (metric === "single" || metric === "bulk") return claim.operations.map((operation) => ({ kind: "latency", metric: `${metric}.${operation}` }));
  if (metric === "cpu") return claim.operations.map((operation) => ({ kind: "cpu", operation }));
  if (metric === "throughput") return [{ kind: "throughput" }];
  return [{ kind: "memory", phase: metric === "peak_memory" ? "peak" : "idle" }];
}

/**
 * The opponents a claim names, resolved against the run: named targets as given (one the run
 * lacks becomes a not-measured part), a language group as every target of the run in those
 * languages but the subject — measured or not, since a claim about "every Python target"
 * is not checked while one of them has no figures.
 */
export function resolveOpponents(claim: ClaimSpec, results: Results): string[] {
  if (claim.versus.kind === "targets") return claim.versus.names;
  const languages = new Set(claim.versus.languages.map((language) => language.toLowerCase()));
  return results.targets.filter((t) => t.name !== claim.subject && languages.has(t.language.toLowerCase())).map((t) => t.name);
}

/** Refuted by any part; else not measured while any part is; else holds when all hold; else not settled. */
export function combineOutcomes(outcomes: readonly ClaimOutcome[]): ClaimOutcome {
  if (outcomes.includes("refuted")) return "refuted";
  if (outcomes.includes("not-measured")) return "not-measured";
  if (outcomes.length > 0 && outcomes.every((outcome) => outcome === "holds")) return "holds";
  return "not-settled";
}

export function evaluateClaim(claim: ClaimSpec, results: Results): ClaimVerdict {
  const opponents = resolveOpponents(claim, results);
  const plan = claim.metrics.flatMap((metric) => partMetrics(metric, claim).flatMap((partMetric) => opponents.map((versus) => ({ metric, partMetric, versus }))));
  // Every interval at 1 − 0.05/k, so all k cover together with at least 95% and the claim's
  // verdict (which any one part can decide) is wrong at most 5% of the time.
  const coverage = 1 - CLAIM_ERROR_RATE / Math.max(plan.length, 1);
  const parts: ClaimPart[] = plan.map(({ metric, partMetric, versus }) => ({
    metric: partMetricName(partMetric),
    subject: claim.subject,
    versus,
    ...judgePart(relationFor(claim, metric), measurePart(results, partMetric, claim.subject, versus), coverage),
  }));
  if (parts.length === 0) {
    // A language group with no target of the run in it: nothing to compare against.
    const languages = claim.versus.kind === "languages" ? claim.versus.languages.join(", ") : "";
    const unit = relationUnit(relationFor(claim, claim.metrics[0]!));
    parts.push({ metric: claim.metrics.join(", "), subject: claim.subject, versus: `${languages} targets`, value: null, interval: null, coverage: null, unit, outcome: "not-measured", reason: `no target of ${languages} in this run besides ${claim.subject}` });
  }
  return { id: claim.id, text: claim.text, expected: expectedText(claim, opponents), outcome: combineOutcomes(parts.map((part) => part.outcome)), parts };
}

export function evaluateClaims(claims: ClaimsFile, results: Results): ClaimsEvaluation {
  const verdicts = claims.claims.map((claim) => evaluateClaim(claim, results));
  const counts: Record<ClaimOutcome, number> = { holds: 0, refuted: 0, "not-settled": 0, "not-measured": 0 };
  for (const verdict of verdicts) counts[verdict.outcome]++;
  return { file: claims.file, source: claims.source, verdicts, counts };
}

/** Any claim refuted: the run's exit code is 1, as for a failed target. */
export const anyRefuted = (evaluation: ClaimsEvaluation | null): boolean => (evaluation?.counts.refuted ?? 0) > 0;
