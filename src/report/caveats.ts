import { GENERATOR_CPU_LIMIT } from "../stats/load-verdict.js";
import { NOISE_LOUD_CV, NOISE_WARN_CV } from "../stats/noise.js";
import { MIN_SESSIONS_FOR_SIGNIFICANCE, SIGNIFICANCE_LEVEL } from "../stats/paired.js";
import { CRUD_OPERATIONS, type Distribution, type Results } from "../results/types.js";
import { stealSpikeCaveat } from "./drift-report.js";
import { floorCaveats } from "./floor-prose.js";
import { dataTargetsOf, latencyTargetsOf, type LatencyTarget } from "./report-model.js";
import { statementFlags } from "./statements-report.js";
import { formatPercent, formatShare } from "./table.js";
import { targetLabel } from "./target-status.js";

/**
 * Warnings a reader must see before trusting a number. A noisy machine gives dozens of them,
 * which buried the figures (issue 21): so each caveat about one target also carries a few
 * words (`short`), and the report shows one line per target made of those, the run-level
 * warnings in full, and every full sentence folded below.
 */
export type Caveat =
  /** About the run as a whole: always shown in full. */
  | { target?: undefined; text: string }
  /** About one target: `short` goes into its summary line ("noisy on 3 metrics"). */
  | { target: string; short: string; text: string };

/** The harness is a load generator too: above the share of a core at which crudbench's generator flags itself, the client may be the limit. */
const HARNESS_CPU_LIMIT = GENERATOR_CPU_LIMIT;

const METRIC_LABELS = (["single", "bulk"] as const).flatMap((group) => CRUD_OPERATIONS.map((operation) => ({ group, operation, label: `${group} ${operation}` })));

/**
 * "Noisy: flask-orm varies up to 12% between sessions (worst: bulk update, above 10%); 3 other
 * metrics above 5%": one caveat per target, led by its noisiest metric.
 */
function noiseCaveat(target: LatencyTarget): Caveat | undefined {
  const noisy = METRIC_LABELS.map(({ group, operation, label }) => ({ label, d: target[group][operation] as Distribution }))
    .filter(({ d }) => d.cv !== null && d.sessions_ms.length >= 2 && (d.noise === "noisy" || d.noise === "very-noisy"))
    .sort((a, b) => b.d.cv! - a.d.cv!);
  const worst = noisy[0];
  if (!worst) return undefined;
  const loud = worst.d.noise === "very-noisy";
  const others = noisy.length - 1;
  const rest = others > 0 ? `; ${others} other metric${others === 1 ? "" : "s"} above ${formatShare(NOISE_WARN_CV)}` : "";
  return {
    target: target.name,
    short: `${loud ? "very noisy" : "noisy"} on ${noisy.length} metric${noisy.length === 1 ? "" : "s"} (up to ${formatPercent(worst.d.cv!)})`,
    text: `${loud ? "Very noisy" : "Noisy"}: ${target.name} varies up to ${formatPercent(worst.d.cv!)} between sessions (worst: ${worst.label}, above ${formatShare(loud ? NOISE_LOUD_CV : NOISE_WARN_CV)})${rest}.`,
  };
}

/** Every caveat, run-level ones first, then per target in the results' order. */
export function caveats(results: Results): Caveat[] {
  const { config, run } = results;
  const list: Caveat[] = [];
  if (!config.cpu_pinning) list.push({ text: "The harness and the targets shared CPUs: the load generator competed with the target." });
  if (run.harness_cpu_percent !== null && run.harness_cpu_percent > HARNESS_CPU_LIMIT) {
    list.push({ text: `The harness used ${run.harness_cpu_percent}% of a core while measuring (over ${HARNESS_CPU_LIMIT}%): the client may be the bottleneck, and the numbers understate the fastest targets.` });
  }
  if (config.latency && config.latency.sessions < MIN_SESSIONS_FOR_SIGNIFICANCE) {
    list.push({
      text: `Only ${config.latency.sessions} session(s): no difference can be called significant (the signed-rank test cannot reach p < ${SIGNIFICANCE_LEVEL} with fewer than ${MIN_SESSIONS_FOR_SIGNIFICANCE} sessions); use --sessions ${MIN_SESSIONS_FOR_SIGNIFICANCE} or more for conclusions.`,
    });
  }
  for (const target of dataTargetsOf(results)) {
    if (target.status !== "measured") {
      list.push({
        target: target.name,
        short: "not measured to the end",
        text: `${targetLabel(target, results)}: its measuring did not run to the end; its figures come from fewer sessions or stages than the others' (see Targets not fully measured).`,
      });
    }
  }
  for (const target of latencyTargetsOf(results)) {
    const noise = noiseCaveat(target);
    if (noise) list.push(noise);
  }
  const spikes = stealSpikeCaveat(results);
  if (spikes) list.push({ text: spikes });
  list.push(...floorCaveats(results));
  const flags = statementFlags(results);
  if (flags.length > 0) list.push({ text: `SQL statements while measured differ from the check (see SQL statements per request): ${flags.join("; ")}.` });
  for (const target of results.targets) {
    for (const warning of target.warnings) list.push({ target: target.name, short: "a warning from the run", text: `${target.name}: ${warning}` });
  }
  return list;
}

const mark = (line: string) => `⚠ ${line}`;

/** Every caveat in full, in the order `caveats` gives: run-level ones, then per target. */
export function caveatLines(results: Results): string[] {
  return caveats(results).map((caveat) => mark(caveat.text));
}

/**
 * The folded view: run-level caveats in full, then one line per target with caveats —
 * "⚠ fastify-raw: very noisy on 3 metrics (up to 16%); 2 medians within 2× of the harness floor."
 */
export function caveatSummaryLines(results: Results): string[] {
  const all = caveats(results);
  const runLevel = all.filter((caveat) => caveat.target === undefined).map((caveat) => mark(caveat.text));
  const byTarget = new Map<string, string[]>();
  for (const caveat of all) {
    if (caveat.target === undefined) continue;
    const shorts = byTarget.get(caveat.target) ?? [];
    // Several warnings of one target are counted, not repeated.
    if (!shorts.includes(caveat.short)) shorts.push(caveat.short);
    byTarget.set(caveat.target, shorts);
  }
  const warningsOf = (name: string) => results.targets.find((t) => t.name === name)?.warnings.length ?? 0;
  const perTarget = results.targets.flatMap((target) => {
    const shorts = byTarget.get(target.name);
    if (!shorts) return [];
    const warnings = warningsOf(target.name);
    const words = shorts.map((short) => (short === "a warning from the run" && warnings > 1 ? `${warnings} warnings from the run` : short));
    return [mark(`${target.name}: ${words.join("; ")}.`)];
  });
  return [...runLevel, ...perTarget];
}
