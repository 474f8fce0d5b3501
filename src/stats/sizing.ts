import { CRUD_OPERATIONS, type BatchRecord, type RunSizing } from "../results/types.js";
import { median } from "./bootstrap.js";
import { mean } from "./summary.js";
import { CONTROL_BASELINE, CONTROL_CANDIDATE, pairBlocks } from "./comparisons.js";
import { averageLevels, varianceLevels, type VarianceLevels } from "./variance-levels.js";

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The batches' wall-clock spans: each block's (first start to last end), and each gap between sessions. */
function levelCosts(batches: readonly BatchRecord[]): { sessionSeconds: number | null; blockSeconds: number | null } {
  const blocks = new Map<string, { session: number; start: number; end: number }>();
  for (const batch of batches) {
    const key = `${batch.session}/${batch.block}`;
    const span = blocks.get(key) ?? { session: batch.session, start: Infinity, end: -Infinity };
    span.start = Math.min(span.start, batch.started_ms);
    span.end = Math.max(span.end, batch.started_ms + batch.duration_ms);
    blocks.set(key, span);
  }
  const spans = [...blocks.values()];
  const sessions = [...new Set(spans.map((s) => s.session))].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sessions.length; i++) {
    const previousEnd = Math.max(...spans.filter((s) => s.session === sessions[i - 1]).map((s) => s.end));
    const start = Math.min(...spans.filter((s) => s.session === sessions[i]).map((s) => s.start));
    gaps.push(start - previousEnd);
  }
  return { sessionSeconds: gaps.length > 0 ? median(gaps) / 1000 : null, blockSeconds: spans.length > 0 ? mean(spans.map((s) => s.end - s.start)) / 1000 : null };
}

const logRatios = (batches: readonly BatchRecord[], metric: BatchRecord["metric"], a: string, b: string) =>
  pairBlocks(batches, metric, a, b).map((block) => ({ session: block.session, value: Math.log(block.candidateMs / block.baselineMs) }));

const rounded = (levels: VarianceLevels | null): VarianceLevels | null =>
  levels && { ...levels, blocks_per_session: round(levels.blocks_per_session, 2), within_session: round(levels.within_session, 6), between_sessions: round(levels.between_sessions, 6) };

/**
 * What this run's levels cost and where its variance was, from the batch records alone:
 * the evidence for choosing sessions and blocks (docs/methodology.md, "Sizing"). Pure.
 */
export function sizingOf(batches: readonly BatchRecord[], targetNames: readonly string[]): RunSizing | null {
  const cost = levelCosts(batches);
  if (cost.sessionSeconds === null || cost.blockSeconds === null) return null;
  const costs = { sessionSeconds: cost.sessionSeconds, blockSeconds: cost.blockSeconds };
  const pairs: VarianceLevels[] = [];
  for (const operation of CRUD_OPERATIONS) {
    for (let i = 0; i < targetNames.length; i++) {
      for (let j = i + 1; j < targetNames.length; j++) {
        const levels = varianceLevels(logRatios(batches, `single.${operation}`, targetNames[i]!, targetNames[j]!), costs);
        if (levels) pairs.push(levels);
      }
    }
  }
  return {
    session_overhead_s: round(cost.sessionSeconds, 2),
    block_s: round(cost.blockSeconds, 3),
    control: rounded(varianceLevels(logRatios(batches, "single.read", CONTROL_CANDIDATE, CONTROL_BASELINE), costs)),
    comparisons: rounded(averageLevels(pairs, costs)),
  };
}
