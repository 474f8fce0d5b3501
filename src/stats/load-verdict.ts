import type { LevelChecks, LevelMeasurement, LevelVerdict } from "../results/types.js";

/** Little's law (closed model) and a level's stability must hold within this share. */
export const LITTLE_TOLERANCE = 0.1;
export const STABILITY_TOLERANCE = 0.1;
/** An open level that reached less than this share of its rate did not offer the load it names. */
export const MIN_ACHIEVED_SHARE = 0.95;
/** Above this share of failed, timed-out or dropped requests a level measures failure, not service. */
export const MAX_ERROR_SHARE = 0.01;
/** crudbench's generator above this % of one core may be its own limit. */
export const GENERATOR_CPU_LIMIT = 70;
/** The generator's dispatch lag p99 may be at most this share of the latency objective. */
export const MAX_DISPATCH_LAG_SHARE = 0.1;
/** wrk or Locust at this share of its own ceiling on the echo server is generator-bound. */
export const CEILING_SHARE = 0.8;

/** The generators whose headroom is judged by their ceiling on the echo server: neither reports its own CPU or lag to crudbench. */
export type CeilingGenerator = "wrk" | "locust";
const CEILING_NAMES: Record<CeilingGenerator, string> = { wrk: "wrk", locust: "Locust" };

export interface VerdictContext {
  /** The latency objective (p99, ms). */
  sloP99Ms: number;
  /** wrk's and Locust's closed-model ceilings on the echo server, req/s; a generator missing has no calibration. */
  ceilingsRps?: Partial<Record<CeilingGenerator, number>> | undefined;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const offBy = (ratio: number) => percent(Math.abs(ratio - 1));

function errorCount(level: LevelMeasurement): number {
  return Object.values(level.errors).reduce((sum, n) => sum + n, 0);
}

function isCeilingGenerator(generator: LevelMeasurement["generator"]): generator is CeilingGenerator {
  return generator in CEILING_NAMES;
}

/** The level's throughput as a share of its generator's own ceiling, where that generator is judged by one and it was measured. */
function ceilingShare(level: LevelMeasurement, context: VerdictContext): number | null {
  const ceiling = isCeilingGenerator(level.generator) ? context.ceilingsRps?.[level.generator] : undefined;
  return ceiling ? round3(level.achieved_rps / ceiling) : null;
}

/** The checks of a level, each null where it does not apply or cannot be computed. Pure. */
export function levelChecks(level: LevelMeasurement, context: VerdictContext): LevelChecks {
  const failed = errorCount(level) + level.dropped;
  const answered = level.latency.count - level.latency.censored;
  const due = answered + failed;
  const mean = level.latency.mean_ms;
  const quarters = level.quarters_rps;
  return {
    // N = X · R: with X in req/ms and R in ms, the product is the mean number of requests in flight.
    littles_law: level.model === "closed" && mean !== null && mean > 0 && level.achieved_rps > 0 ? round3(level.concurrency / ((level.achieved_rps / 1000) * mean)) : null,
    achieved_share: level.model === "open" && level.target_rate ? round3(level.achieved_rps / level.target_rate) : null,
    stability: quarters && quarters.length >= 2 && quarters[0]! > 0 ? round3(quarters.at(-1)! / quarters[0]!) : null,
    error_share: due > 0 ? round3(failed / due) : 0,
    generator_cpu_percent: level.generator_cpu_percent,
    dispatch_lag_share: level.dispatch_lag_p99_ms === null ? null : round3(level.dispatch_lag_p99_ms / context.sloP99Ms),
    ceiling_share: ceilingShare(level, context),
  };
}

/**
 * Valid, or invalid with every reason: checks that need no trust in the latency figures —
 * Little's law, the rate achieved, stability over the window, errors and drops, and the
 * generator's headroom. A level with nothing answered is invalid. Pure.
 */
export function judgeLevel(level: LevelMeasurement, context: VerdictContext): LevelVerdict {
  const checks = levelChecks(level, context);
  const reasons: string[] = [];
  if (level.latency.count - level.latency.censored === 0) reasons.push("no request was answered");
  if (checks.littles_law !== null && Math.abs(checks.littles_law - 1) > LITTLE_TOLERANCE) {
    reasons.push(`Little's law off by ${offBy(checks.littles_law)} (connections ÷ throughput × mean latency = ${checks.littles_law}): requests waited outside the measured latency`);
  }
  if (checks.achieved_share !== null && checks.achieved_share < MIN_ACHIEVED_SHARE) reasons.push(`reached ${percent(checks.achieved_share)} of the rate asked for`);
  if (checks.stability !== null && Math.abs(checks.stability - 1) > STABILITY_TOLERANCE) reasons.push(`throughput changed by ${offBy(checks.stability)} from the window's first quarter to its last`);
  if (checks.error_share > MAX_ERROR_SHARE) reasons.push(`${percent(checks.error_share)} of requests failed, timed out or were dropped`);
  if (checks.generator_cpu_percent !== null && checks.generator_cpu_percent > GENERATOR_CPU_LIMIT) reasons.push(`the generator used ${checks.generator_cpu_percent}% of a core`);
  if (checks.dispatch_lag_share !== null && checks.dispatch_lag_share > MAX_DISPATCH_LAG_SHARE) {
    reasons.push(`the generator sent late (dispatch lag p99 ${level.dispatch_lag_p99_ms} ms, over ${percent(MAX_DISPATCH_LAG_SHARE)} of the ${context.sloP99Ms} ms objective)`);
  }
  if (checks.ceiling_share !== null && checks.ceiling_share >= CEILING_SHARE) {
    const generator = isCeilingGenerator(level.generator) ? CEILING_NAMES[level.generator] : level.generator;
    reasons.push(`${generator} at ${percent(checks.ceiling_share)} of its own ceiling on the echo server (generator-bound)`);
  }
  return { valid: reasons.length === 0, reasons, checks };
}

/**
 * The level with its verdict, and `generator_bound` completed by what only the verdict's
 * context knows: a late dispatch against the objective, and wrk or Locust against its own
 * ceiling (their own judgement is unknown or one-sided, so a null becomes what the ceiling
 * says, if anything, and Locust's CPU warning stays true). Pure.
 */
export function judged(level: LevelMeasurement, context: VerdictContext): LevelMeasurement & { verdict: LevelVerdict } {
  const verdict = judgeLevel(level, context);
  const { dispatch_lag_share: lag, ceiling_share: ceiling } = verdict.checks;
  const late = lag !== null && lag > MAX_DISPATCH_LAG_SHARE;
  const atCeiling = ceiling === null ? null : ceiling >= CEILING_SHARE;
  const generatorBound = level.generator_bound === null ? atCeiling : level.generator_bound || late || atCeiling === true;
  return { ...level, generator_bound: generatorBound, verdict };
}
