import type { MemorySample } from "../lifecycle/memory-sampler.js";
import type { MemoryResults } from "../results/types.js";
import { quantile, sortSamples } from "./summary.js";

const kbToMb = (kb: number) => Math.round((kb / 1024) * 100) / 100;

/** Memory of one round, in MB. */
export interface RoundMemory {
  idle_rss_mb: number;
  peak_rss_mb: number;
  idle_pss_mb: number | null;
  peak_pss_mb: number | null;
  processes: number;
  samples: number;
}

/**
 * Idle memory is the median over the idle window (robust to one odd sample); peak is the
 * highest sample of the round. Undefined when there was no idle sample.
 */
export function summarizeMemory(samples: readonly MemorySample[]): RoundMemory | undefined {
  const idle = samples.filter((sample) => sample.phase === "idle");
  if (idle.length === 0) return undefined;
  const pssKnown = samples.every((sample) => sample.pssKb !== undefined);
  return {
    idle_rss_mb: kbToMb(quantile(sortSamples(idle.map((s) => s.rssKb)), 0.5)),
    peak_rss_mb: kbToMb(Math.max(...samples.map((s) => s.rssKb))),
    idle_pss_mb: pssKnown ? kbToMb(quantile(sortSamples(idle.map((s) => s.pssKb!)), 0.5)) : null,
    peak_pss_mb: pssKnown ? kbToMb(Math.max(...samples.map((s) => s.pssKb!))) : null,
    processes: Math.max(...samples.map((s) => s.processes)),
    samples: samples.length,
  };
}

const medianOf = (values: number[]) => Math.round(quantile(sortSamples(values), 0.5) * 100) / 100;

/** Across sessions (the callers still say rounds): the median idle (a typical start) and the highest peak (the worst seen). */
export function combineRoundMemory(rounds: readonly RoundMemory[], intervalMs: number): MemoryResults | undefined {
  if (rounds.length === 0) return undefined;
  const pss = rounds.every((r) => r.idle_pss_mb !== null && r.peak_pss_mb !== null);
  return {
    idle_rss_mb: medianOf(rounds.map((r) => r.idle_rss_mb)),
    peak_rss_mb: Math.max(...rounds.map((r) => r.peak_rss_mb)),
    idle_rss_mb_sessions: rounds.map((r) => r.idle_rss_mb),
    peak_rss_mb_sessions: rounds.map((r) => r.peak_rss_mb),
    idle_pss_mb: pss ? medianOf(rounds.map((r) => r.idle_pss_mb!)) : null,
    peak_pss_mb: pss ? Math.max(...rounds.map((r) => r.peak_pss_mb!)) : null,
    processes: Math.max(...rounds.map((r) => r.processes)),
    samples: rounds.reduce((sum, r) => sum + r.samples, 0),
    interval_ms: intervalMs,
  };
}
