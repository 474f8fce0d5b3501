import * as hdr from "hdr-histogram-js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { LoadLatency } from "../results/types.js";

export function latencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

const ms = (microseconds: number) => Math.round(microseconds) / 1000;

/** The percentile spectrum kept per level, in the style of HdrHistogram's plots. */
export const SPECTRUM_PERCENTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100];

/**
 * A level's latency from its histogram. `censored` of its values were entered at the timeout
 * rather than measured (a request that failed or was dropped); `answeredMeanMs` is the mean of
 * the others, which the histogram cannot give once censored values are in it.
 */
export function latencySummary(histogram: hdr.Histogram, censored = 0, answeredMeanMs: number | null = histogram.totalCount > 0 ? ms(histogram.mean) : null): LoadLatency {
  if (histogram.totalCount === 0) return { count: 0, mean_ms: null, p50_ms: null, p90_ms: null, p99_ms: null, p999_ms: null, max_ms: null, spectrum: [], censored: 0, p99_lower_bound: false };
  return {
    mean_ms: answeredMeanMs,
    censored,
    // Over 1% censored reaches into the p99: it is at least the timeout, and only a lower bound.
    p99_lower_bound: censored > histogram.totalCount * 0.01,
    spectrum: SPECTRUM_PERCENTILES.map((percentile) => ({ percentile, ms: ms(percentile === 100 ? histogram.maxValue : histogram.getValueAtPercentile(percentile)) })),
    count: histogram.totalCount,
    p50_ms: ms(histogram.getValueAtPercentile(50)),
    p90_ms: ms(histogram.getValueAtPercentile(90)),
    p99_ms: ms(histogram.getValueAtPercentile(99)),
    p999_ms: ms(histogram.getValueAtPercentile(99.9)),
    max_ms: ms(histogram.maxValue),
  };
}

/**
 * The generator watching itself: its CPU use and event-loop delay over one level. A
 * generator near a full core, or late on its own timers, measures itself, not the target.
 */
const RESOLUTION_MS = 10;

export class GeneratorMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private cpu = process.cpuUsage();
  private started = performance.now();

  start(): void {
    this.delay.enable();
    this.cpu = process.cpuUsage();
    this.started = performance.now();
  }

  stop(): { cpuPercent: number; eventLoopDelayP99Ms: number } {
    this.delay.disable();
    const used = process.cpuUsage(this.cpu);
    const wallMs = performance.now() - this.started;
    return {
      cpuPercent: Math.round(((used.user + used.system) / 1000 / wallMs) * 1000) / 10,
      // The histogram holds the whole interval between timer ticks; the delay is what exceeds the resolution.
      eventLoopDelayP99Ms: Math.max(0, Math.round((this.delay.percentile(99) / 1e6 - RESOLUTION_MS) * 100) / 100),
    };
  }
}
