import { compareRounds, speedup } from "./compare.js";
import { distributionFromRounds } from "./distribution.js";
import { combineRoundMemory, type RoundMemory } from "./memory.js";
import type { OperationsSamples } from "../workloads/operation-recorder.js";
import { CRUD_OPERATIONS, type CrudOperation, type Distribution, type MetricName, type RunConfigRecord, type TargetComparison, type TargetResult } from "../results/types.js";

/** What the rounds of one target produced, in round order. */
export interface TargetRounds {
  single: OperationsSamples[];
  bulk: OperationsSamples[];
  memory: RoundMemory[];
  databaseMemory: RoundMemory[];
}

export function emptyRounds(): TargetRounds {
  return { single: [], bulk: [], memory: [], databaseMemory: [] };
}

function operations(rounds: OperationsSamples[], config: RunConfigRecord): Record<CrudOperation, Distribution> {
  const bootstrap = { resamples: config.bootstrap_resamples, seed: config.bootstrap_seed, confidence: 0.95 };
  const entries = CRUD_OPERATIONS.map((operation) => {
    const perRound = rounds.map((round) => round[operation]);
    const errors = perRound.reduce((sum, r) => sum + r.errors, 0);
    const examples = perRound.flatMap((r) => r.examples).slice(0, 5);
    return [operation, distributionFromRounds(perRound.map((r) => r.timesMs), errors, examples, bootstrap)] as const;
  });
  return Object.fromEntries(entries) as Record<CrudOperation, Distribution>;
}

/** The measured fields of a target result, from its rounds so far. Pure. */
export function aggregateRounds(rounds: TargetRounds, config: RunConfigRecord): Pick<TargetResult, "single" | "bulk" | "memory" | "database_memory" | "rounds_completed"> {
  if (rounds.single.length === 0) return { rounds_completed: 0 };
  const memory = combineRoundMemory(rounds.memory, config.memory_interval_ms);
  const databaseMemory = combineRoundMemory(rounds.databaseMemory, config.memory_interval_ms);
  return {
    rounds_completed: rounds.single.length,
    single: operations(rounds.single, config),
    bulk: { size: config.bulk_size, ...operations(rounds.bulk, config) },
    ...(memory ? { memory } : {}),
    ...(databaseMemory ? { database_memory: databaseMemory } : {}),
  };
}

export const METRICS: MetricName[] = [...CRUD_OPERATIONS.map((op) => `single.${op}` as const), ...CRUD_OPERATIONS.map((op) => `bulk.${op}` as const)];

export function metricOf(target: TargetResult, metric: MetricName): Distribution | undefined {
  const [group, operation] = metric.split(".") as ["single" | "bulk", CrudOperation];
  return target[group]?.[operation];
}

/**
 * Every pair of targets with measured rounds, for every metric: the ratio of medians with
 * its interval, a Mann–Whitney p-value and a verdict. Pure; renderers only look these up.
 */
export function buildComparisons(targets: readonly TargetResult[], config: RunConfigRecord): TargetComparison[] {
  const bootstrap = { resamples: config.bootstrap_resamples, seed: config.bootstrap_seed, confidence: 0.95 };
  const comparisons: TargetComparison[] = [];
  const measured = targets.filter((t) => t.single && t.bulk);
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
