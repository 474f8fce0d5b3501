import type { MemorySample } from "../lifecycle/memory-sampler.js";
import type { MemoryResults } from "../results/types.js";
import { quantile, sortSamples } from "./summary.js";

const kbToMb = (kb: number) => Math.round((kb / 1024) * 100) / 100;

/**
 * Idle memory is the median over the idle window (robust to one odd sample); peak is the
 * highest sample of the whole run. Undefined when there was no idle sample.
 */
export function summarizeMemory(samples: readonly MemorySample[], intervalMs: number): MemoryResults | undefined {
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
    interval_ms: intervalMs,
  };
}
