import { CRUD_OPERATIONS, type BatchRecord, type ControlResult, type MetricName, type TargetComparison } from "../results/types.js";
import { median } from "./bootstrap.js";
import { speedup } from "./compare.js";
import { pairedRatio, type PairedBlock } from "./paired.js";

/**
 * The comparisons of a run, built from its batch records: two targets are compared only
 * where both were measured in the same block of the same session, so the machine's drift
 * between blocks and sessions hits both alike and cancels in the ratio (paired.ts).
 */

export const METRICS: MetricName[] = [...CRUD_OPERATIONS.map((op) => `single.${op}` as const), ...CRUD_OPERATIONS.map((op) => `bulk.${op}` as const)];

/** The A/A control's two names for the same echo server, and the metric it is measured on. */
export const CONTROL_CANDIDATE = "echo-a";
export const CONTROL_BASELINE = "echo-b";
const CONTROL_METRIC: MetricName = "single.read";

/** A run whose A/A interval reaches further than ±5% from 1 says so: its own method cannot resolve smaller differences. */
export const A_A_PRECISION_LIMIT = 0.05;

const blockKey = (session: number, block: number) => `${session}/${block}`;

/** A median that can be one side of a ratio: a batch where nothing succeeded has none, and 0 cannot divide. */
const usable = (batch: BatchRecord): batch is BatchRecord & { median_ms: number } => batch.median_ms !== null && Number.isFinite(batch.median_ms) && batch.median_ms > 0;

/** Usable batches of one target and metric, by block (one per block: a repeated record replaces the earlier). */
function batchesByBlock(batches: readonly BatchRecord[], target: string, metric: MetricName): Map<string, BatchRecord & { median_ms: number }> {
  const byBlock = new Map<string, BatchRecord & { median_ms: number }>();
  for (const batch of batches) {
    if (batch.target === target && batch.metric === metric && usable(batch)) byBlock.set(blockKey(batch.session, batch.block), batch);
  }
  return byBlock;
}

/** The blocks in which both targets have a median for the metric, in the candidate's batch order. */
export function pairBlocks(batches: readonly BatchRecord[], metric: MetricName, candidate: string, baseline: string): PairedBlock[] {
  const baselines = batchesByBlock(batches, baseline, metric);
  const paired: PairedBlock[] = [];
  for (const [key, batch] of batchesByBlock(batches, candidate, metric)) {
    const other = baselines.get(key);
    if (other) paired.push({ session: batch.session, block: batch.block, candidateMs: batch.median_ms, baselineMs: other.median_ms });
  }
  return paired;
}

/**
 * Every pair of targets (candidate before baseline in `targetNames` order), for every
 * metric, paired by block. A pair with no block in common (a target that failed before its
 * first batch, a metric not run) has no comparison. Pure; renderers only look these up.
 */
export function buildComparisons(batches: readonly BatchRecord[], targetNames: readonly string[], noiseThreshold: number): TargetComparison[] {
  const comparisons: TargetComparison[] = [];
  for (const metric of METRICS) {
    for (let i = 0; i < targetNames.length; i++) {
      for (let j = i + 1; j < targetNames.length; j++) {
        const candidate = targetNames[i]!;
        const baseline = targetNames[j]!;
        const blocks = pairBlocks(batches, metric, candidate, baseline);
        if (blocks.length === 0) continue;
        comparisons.push({ metric, candidate, baseline, ...pairedRatio(blocks, noiseThreshold) });
      }
    }
  }
  return comparisons;
}

const flipped = { slower: "faster", faster: "slower", same: "same" } as const;
const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * The comparison of two targets for a metric, oriented as asked (a over b): a stored b/a
 * is inverted (ratio 1/r, interval [1/high, 1/low], slower ↔ faster); p, sessions and
 * blocks do not depend on the orientation.
 */
export function findComparison(comparisons: readonly TargetComparison[], metric: MetricName, a: string, b: string): TargetComparison | undefined {
  const direct = comparisons.find((c) => c.metric === metric && c.candidate === a && c.baseline === b);
  if (direct) return direct;
  const reverse = comparisons.find((c) => c.metric === metric && c.candidate === b && c.baseline === a);
  if (!reverse) return undefined;
  const { factor, interval } = speedup(reverse);
  return {
    ...reverse,
    candidate: a,
    baseline: b,
    ratio: round4(factor),
    ratio_ci95: interval ? [round4(interval[0]), round4(interval[1])] : null,
    verdict: flipped[reverse.verdict],
  };
}

/**
 * The A/A control: the echo server measured twice per block under two names, paired like
 * any two targets. Its interval is the run's method precision, the smallest difference
 * this run could resolve. Null when no block has both names measured; `missing` is the
 * caller's account of the sessions it is missing from.
 */
export function controlResult(batches: readonly BatchRecord[], noiseThreshold: number, missing: string | null): ControlResult | null {
  const blocks = pairBlocks(batches, CONTROL_METRIC, CONTROL_CANDIDATE, CONTROL_BASELINE);
  if (blocks.length === 0) return null;
  const paired = pairedRatio(blocks, noiseThreshold);
  const echoMedians = batches.filter((b) => (b.target === CONTROL_CANDIDATE || b.target === CONTROL_BASELINE) && b.metric === CONTROL_METRIC && usable(b)).map((b) => b.median_ms!);
  const interval = paired.ratio_ci95;
  return {
    measured: true,
    candidate: CONTROL_CANDIDATE,
    baseline: CONTROL_BASELINE,
    ...paired,
    median_ms: echoMedians.length > 0 ? round4(median(echoMedians)) : null,
    precision: interval ? round4(Math.max(interval[1] - 1, 1 - interval[0])) : null,
    missing,
  };
}
