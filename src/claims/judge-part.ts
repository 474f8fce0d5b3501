import type { ClaimOutcome, ClaimPart } from "../results/types.js";
import { tInterval } from "../stats/paired.js";
import { mean } from "../stats/summary.js";
import type { Relation } from "./claim-spec.js";
import type { PartMeasure } from "./measure-part.js";

/**
 * One part of a claim judged: the measured value in the claim's own terms (a factor, a
 * percentage, megabytes), its interval at the part's coverage, and whether that interval
 * lies inside the claimed range (holds), wholly outside it (refuted), or across a bound
 * (not settled). Pure.
 *
 * Every interval is a t-interval over sessions, mapped into the claim's terms: of the
 * per-session log-ratios subject ÷ versus for factors and percentages (so a factor's
 * interval is exp of a symmetric one, as for results.comparisons), of the per-session
 * differences for megabytes.
 */

export type Judged = Pick<ClaimPart, "value" | "interval" | "coverage" | "unit" | "outcome" | "reason">;

/** The range a relation claims, on the scale it is stated in. */
interface ClaimedRange {
  unit: ClaimPart["unit"];
  low: number;
  high: number;
}

function claimedRange(relation: Relation): ClaimedRange {
  switch (relation.kind) {
    case "faster_by":
      return { unit: "×", low: relation.low, high: relation.high };
    case "at_least_faster":
      return { unit: "×", low: relation.factor, high: Infinity };
    case "slowest":
    case "most_memory":
      return { unit: "×", low: 1, high: Infinity };
    case "less_memory_percent":
      return { unit: "%", low: relation.low, high: relation.high };
    case "memory_difference_mb":
      return { unit: "MB", low: relation.value - relation.tolerance, high: relation.value + relation.tolerance };
  }
}

/** How a relation's value is written: a factor, a percentage, megabytes. */
export const relationUnit = (relation: Relation): ClaimPart["unit"] => claimedRange(relation).unit;

/** An estimate on the claim's scale: a point and, where the sessions allow, an interval. */
interface Estimate {
  value: number;
  interval: [number, number] | null;
  /** Why there is no interval. */
  noInterval: string | null;
}

/**
 * Session values (log-ratios or differences) → the claim's scale through `toScale`, a
 * monotone map (a decreasing one swaps the interval's ends).
 */
function estimate(values: readonly number[], coverage: number, toScale: (x: number) => number): Estimate {
  const centre = toScale(mean(values));
  const interval = tInterval(values, coverage);
  if (!interval) return { value: centre, interval: null, noInterval: `${values.length} paired session: an interval needs at least 2` };
  const [a, b] = [toScale(interval[0]), toScale(interval[1])];
  return { value: centre, interval: a <= b ? [a, b] : [b, a], noInterval: null };
}

/** The relation's quantity from what the run measured, or why there is none. */
function estimateFor(relation: Relation, measure: Exclude<PartMeasure, { kind: "not-measured" | "unpaired" }>, coverage: number): Estimate {
  // A factor "faster" is versus ÷ subject time; "slower" (slowest) and memory factors subject ÷ versus.
  const fasterFactor = relation.kind === "faster_by" || relation.kind === "at_least_faster";
  if (measure.kind === "one-figure") {
    // Throughput: more is faster, so the time-like ratio subject ÷ versus is versus ÷ subject requests per second.
    const timeRatio = measure.versus / measure.subject;
    return { value: fasterFactor ? 1 / timeRatio : timeRatio, interval: null, noInterval: "one measurement, no interval" };
  }
  const logRatios = measure.kind === "log-ratios" ? measure.values : measure.subject.map((s, i) => Math.log(s / measure.versus[i]!));
  if (relation.kind === "memory_difference_mb") {
    if (measure.kind !== "session-pairs") throw new Error("a memory difference needs per-session values");
    return estimate(measure.subject.map((s, i) => s - measure.versus[i]!), coverage, (d) => d);
  }
  if (relation.kind === "less_memory_percent") return estimate(logRatios, coverage, (l) => 100 * (1 - Math.exp(l)));
  return estimate(logRatios, coverage, fasterFactor ? (l) => Math.exp(-l) : Math.exp);
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const shown = (value: number, unit: ClaimPart["unit"]) => `${Number(value.toPrecision(3))}${unit === "×" ? "×" : unit === "%" ? "%" : " MB"}`;

/** Inside, wholly outside, or across a bound of the claimed range; the reason says which bound. */
function verdict(interval: [number, number], range: ClaimedRange): { outcome: ClaimOutcome; reason: string | null } {
  const [low, high] = interval;
  if (low >= range.low && high <= range.high) return { outcome: "holds", reason: null };
  if (high < range.low || low > range.high) return { outcome: "refuted", reason: null };
  const belowLow = low < range.low;
  const aboveHigh = high > range.high;
  if (belowLow && aboveHigh) return { outcome: "not-settled", reason: `the interval is wider than the claimed range ${shown(range.low, range.unit)}–${shown(range.high, range.unit)}` };
  const bound = belowLow ? range.low : range.high;
  return { outcome: "not-settled", reason: `the interval straddles the claimed ${belowLow ? "lower" : "upper"} bound ${shown(bound, range.unit)}` };
}

export function judgePart(relation: Relation, measure: PartMeasure, coverage: number): Judged {
  const range = claimedRange(relation);
  if (measure.kind === "not-measured") return { value: null, interval: null, coverage: null, unit: range.unit, outcome: "not-measured", reason: measure.reason };
  if (measure.kind === "unpaired") return { value: null, interval: null, coverage: null, unit: range.unit, outcome: "not-settled", reason: measure.reason };
  const values = measure.kind === "log-ratios" ? measure.values : measure.kind === "session-pairs" ? measure.subject : [measure.subject];
  if (values.length === 0) return { value: null, interval: null, coverage: null, unit: range.unit, outcome: "not-measured", reason: "no session in which both were measured" };
  const found = estimateFor(relation, measure, coverage);
  if (!found.interval) return { value: round4(found.value), interval: null, coverage: null, unit: range.unit, outcome: "not-settled", reason: found.noInterval };
  return { value: round4(found.value), interval: [round4(found.interval[0]), round4(found.interval[1])], coverage: Math.round(coverage * 1e6) / 1e6, unit: range.unit, ...verdict(found.interval, range) };
}
