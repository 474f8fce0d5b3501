import { compareRounds, speedup } from "./compare.js";
import { distributionFromRounds } from "./distribution.js";
import { combineRoundMemory, type RoundMemory } from "./memory.js";
import type { OperationsSamples } from "../workloads/operation-recorder.js";
import { hasMeasurements, metricOf } from "../results/target-outcome.js";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type LatencyConfig, type Measurements, type MetricName, type RunConfigRecord, type TargetComparison, type TargetResult } from "../results/types.js";

/** What the rounds of one target produced, step by step, in round order. */
export interface TargetRounds {
  single: OperationsSamples[];
  bulk: OperationsSamples[];
  memory: RoundMemory[];
  databaseMemory: RoundMemory[];
  /** Rounds that ran to their end (a cut-off round may still have added its finished steps). */
  completed: number;
}

export function emptyRounds(): TargetRounds {
  return { single: [], bulk: [], memory: [], databaseMemory: [], completed: 0 };
}

/** The statistics settings of a run (results.config). */
export type StatisticsConfig = Pick<RunConfigRecord, "bootstrap_resamples" | "bootstrap_seed" | "noise_threshold">;

const bootstrapOf = (config: StatisticsConfig) => ({ resamples: config.bootstrap_resamples, seed: config.bootstrap_seed, confidence: 0.95 });

function operations(rounds: OperationsSamples[], config: StatisticsConfig): Record<CrudOperation, Distribution> {
  const entries = CRUD_OPERATIONS.map((operation) => {
    const perRound = rounds.map((round) => round[operation]);
    const errors = perRound.reduce((sum, r) => sum + r.errors, 0);
    const examples = perRound.flatMap((r) => r.examples).slice(0, 5);
    const fresh = perRound.reduce((sum, r) => sum + r.freshConnections, 0);
    return [operation, distributionFromRounds(perRound.map((r) => r.timesMs), errors, examples, bootstrapOf(config), fresh)] as const;
  });
  return Object.fromEntries(entries) as Record<CrudOperation, Distribution>;
}

/** The latency and memory fields of a target result, from its rounds so far. Pure. */
export function aggregateRounds(rounds: TargetRounds, latency: LatencyConfig, config: StatisticsConfig): Omit<Measurements, "load"> {
  return {
    rounds_completed: rounds.completed,
    single: rounds.single.length > 0 ? operations(rounds.single, config) : null,
    bulk: rounds.bulk.length > 0 ? { size: latency.bulk_size, ...operations(rounds.bulk, config) } : null,
    memory: combineRoundMemory(rounds.memory, latency.memory_interval_ms) ?? null,
    database_memory: combineRoundMemory(rounds.databaseMemory, latency.memory_interval_ms) ?? null,
  };
}

export const METRICS: MetricName[] = [...CRUD_OPERATIONS.map((op) => `single.${op}` as const), ...CRUD_OPERATIONS.map((op) => `bulk.${op}` as const)];


/**
 * Every pair of targets with measured rounds, for every metric: the ratio of medians with
 * its interval, a Mann–Whitney p-value and a verdict. Pure; renderers only look these up.
 */
export function buildComparisons(targets: readonly TargetResult[], config: StatisticsConfig): TargetComparison[] {
  const bootstrap = bootstrapOf(config);
  const comparisons: TargetComparison[] = [];
  const measured = targets.filter(hasMeasurements);
  for (const metric of METRICS) {
    for (let i = 0; i < measured.length; i++) {
      for (let j = i + 1; j < measured.length; j++) {
        const candidate = metricOf(measured[i]!, metric);
        const baseline = metricOf(measured[j]!, metric);
        if (!candidate?.rounds_ms.length || !baseline?.rounds_ms.length) continue;
        const comparison = compareRounds(candidate.rounds_ms, baseline.rounds_ms, config.noise_threshold, bootstrap);
        comparisons.push({ metric, candidate: measured[i]!.name, baseline: measured[j]!.name, ...comparison });
      }
    }
  }
  return comparisons;
}

/** The comparison of two targets for a metric, oriented as asked (a over b). */
export function findComparison(comparisons: readonly TargetComparison[], metric: MetricName, a: string, b: string): TargetComparison | undefined {
  const direct = comparisons.find((c) => c.metric === metric && c.candidate === a && c.baseline === b);
  if (direct) return direct;
  const reverse = comparisons.find((c) => c.metric === metric && c.candidate === b && c.baseline === a);
  if (!reverse) return undefined;
  const flipped = { slower: "faster", faster: "slower", same: "same" } as const;
  const { factor, interval } = speedup(reverse);
  return { metric, candidate: a, baseline: b, ratio: factor, ratio_ci95: interval, p_value: reverse.p_value, verdict: flipped[reverse.verdict] };
}
