import { METRIC_FAMILY, RELATION_FAMILY, type ClaimSpec, type Relation, type RelationFamily } from "./claim-spec.js";

/**
 * The relation a claim is checked as, in words, with the opponents resolved against the run:
 * "actix-raw 5×–20× faster than flask-raw on single create, read, update, delete". What a
 * reader compares with the claim's own text to see how its vague words were made testable.
 */

const number = (value: number) => String(Number(value.toPrecision(4)));

/** "flask-raw", "each of flask-raw, flask-orm", "every Python and Rust target (…)"; a group's members only where `listMembers`. */
function opponentsText(claim: ClaimSpec, opponents: readonly string[], listMembers = true): string {
  if (claim.versus.kind === "languages") {
    const languages = claim.versus.languages;
    const group = languages.length === 1 ? languages[0]! : `${languages.slice(0, -1).join(", ")} and ${languages.at(-1)!}`;
    return listMembers ? `every ${group} target (${opponents.length > 0 ? opponents.join(", ") : "none in this run"})` : `every ${group} target`;
  }
  return opponents.length === 1 ? opponents[0]! : `each of ${opponents.join(", ")}`;
}

/** "single and bulk create, read, update, delete", "CPU per read request", "peak throughput (closed model)". */
function scopeText(claim: ClaimSpec, family: RelationFamily): string {
  const metrics = claim.metrics.filter((metric) => METRIC_FAMILY[metric] === family);
  if (family === "memory") return `${metrics.map((m) => (m === "peak_memory" ? "peak" : "idle")).join(" and ")} memory`;
  const operations = claim.operations.join(", ");
  const latency = metrics.filter((m) => m === "single" || m === "bulk");
  const scopes = [
    latency.length > 0 ? `${latency.join(" and ")} ${operations}` : "",
    metrics.includes("cpu") ? `CPU per ${operations} request` : "",
    metrics.includes("throughput") ? "peak throughput (closed model)" : "",
  ];
  return scopes.filter(Boolean).join(", and on ");
}

function relationText(relation: Relation, subject: string, versus: string, scope: string): string {
  switch (relation.kind) {
    case "faster_by":
      return `${subject} ${number(relation.low)}×–${number(relation.high)}× faster than ${versus} on ${scope}`;
    case "at_least_faster":
      return relation.factor === 1 ? `${subject} faster than ${versus} on ${scope}` : `${subject} at least ${number(relation.factor)}× faster than ${versus} on ${scope}`;
    case "slowest":
      return `${subject} slower than ${versus} on ${scope}`;
    case "less_memory_percent":
      return `${subject} uses ${number(relation.low)}%–${number(relation.high)}% less ${scope} than ${versus}`;
    case "memory_difference_mb":
      return `${subject} uses ${number(Math.abs(relation.value))} ± ${number(relation.tolerance)} MB ${relation.value >= 0 ? "more" : "less"} ${scope} than ${versus}`;
    case "most_memory":
      return `${subject} uses more ${scope} than ${versus}`;
  }
}

/** The relations joined with "; ", a group's members listed once (in the first): the text leads the report's first screen. */
export function expectedText(claim: ClaimSpec, opponents: readonly string[]): string {
  return claim.relations
    .map((relation, index) => relationText(relation, claim.subject, opponentsText(claim, opponents, index === 0), scopeText(claim, RELATION_FAMILY[relation.kind])))
    .join("; ");
}
