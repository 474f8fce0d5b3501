import type { ClaimOutcome, ClaimPart, ClaimsEvaluation, ClaimVerdict } from "../../src/results/types.js";

/**
 * A claims evaluation written by hand (the claims evaluation itself is another module's):
 * one claim of each outcome, about the targets of the report fixtures, so the report's claims
 * table, its tones and its details can be asserted exactly.
 */

const part = (metric: string, subject: string, versus: string, value: number | null, interval: [number, number] | null, outcome: ClaimOutcome, reason: string | null = null): ClaimPart => ({
  metric,
  subject,
  versus,
  value,
  interval,
  coverage: interval ? 0.9875 : null,
  unit: metric.endsWith("rss") ? "MB" : "×",
  outcome,
  reason,
});

const verdict = (id: string, text: string, expected: string, outcome: ClaimOutcome, parts: ClaimPart[]): ClaimVerdict => ({ id, text, expected, outcome, parts });

export function fixtureClaims(): ClaimsEvaluation {
  const verdicts = [
    verdict("rust-vs-python", "Rust is 5 to 20 times faster than Python for simple CRUD", "actix-raw 5×–20× faster than flask-raw on single create, read, update, delete", "holds", [
      part("single.create", "actix-raw", "flask-raw", 10, [9.8, 10.2], "holds"),
      part("single.read", "actix-raw", "flask-raw", 10, [9.8, 10.2], "holds"),
    ]),
    verdict("orm-halves", "An ORM halves your throughput", "flask-orm takes 1.8×–2.2× the time of flask-raw on single read", "refuted", [part("single.read", "flask-orm", "flask-raw", 2.25, [2.3, 2.4], "refuted")]),
    verdict("orm-memory", "The ORM costs no memory, in a sentence long enough to wrap on a phone screen", "flask-orm peak RSS within 10% of flask-raw's", "not-settled", [
      part("peak_rss", "flask-orm", "flask-raw", 48.5, [40, 60], "not-settled", "the interval straddles the claimed bound"),
    ]),
    verdict("go-fast", "Go is as fast as Rust", "go-raw within 10% of actix-raw on single read", "not-measured", [part("single.read", "go-raw", "actix-raw", null, null, "not-measured", "go-raw was not measured")]),
  ];
  return { file: "claims/seed-report.yaml", source: "a published comparison, paraphrased", verdicts, counts: { holds: 1, refuted: 1, "not-settled": 1, "not-measured": 1 } };
}
