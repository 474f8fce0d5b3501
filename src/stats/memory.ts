import type { MemorySample } from "../lifecycle/memory-sampler.js";
import type { MemoryResults } from "../results/types.js";
import { quantile, sortSamples } from "./summary.js";

const kbToMb = (kb: number) => Math.round((kb / 1024) * 100) / 100;

/** Memory of one session, in MB. */
export interface SessionMemory {
  idle_rss_mb: number;
  peak_rss_mb: number;
  idle_pss_mb: number | null;
  peak_pss_mb: number | null;
  processes: number;
  samples: number;
}

/**
 * Idle memory is the median over the idle window (robust to one odd sample); peak is the
 * highest sample of the session. Undefined when there was no idle sample.
 */
export function summarizeMemory(samples: readonly MemorySample[]): SessionMemory | undefined {
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

/** Across sessions: the median idle (a typical start) and the highest peak (the worst seen). */
export function combineSessionMemory(sessions: readonly SessionMemory[], intervalMs: number): MemoryResults | undefined {
  if (sessions.length === 0) return undefined;
  const pss = sessions.every((s) => s.idle_pss_mb !== null && s.peak_pss_mb !== null);
  return {
    idle_rss_mb: medianOf(sessions.map((s) => s.idle_rss_mb)),
    peak_rss_mb: Math.max(...sessions.map((s) => s.peak_rss_mb)),
    idle_rss_mb_sessions: sessions.map((s) => s.idle_rss_mb),
    peak_rss_mb_sessions: sessions.map((s) => s.peak_rss_mb),
    idle_pss_mb: pss ? medianOf(sessions.map((s) => s.idle_pss_mb!)) : null,
    peak_pss_mb: pss ? Math.max(...sessions.map((s) => s.peak_pss_mb!)) : null,
    processes: Math.max(...sessions.map((s) => s.processes)),
    samples: sessions.reduce((sum, s) => sum + s.samples, 0),
    interval_ms: intervalMs,
  };
}
