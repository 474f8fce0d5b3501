import * as hdr from "hdr-histogram-js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { LoadLatency } from "../results/types.js";

/** Two minutes, in µs: the longest latency a histogram holds (longer values are entered at it). */
const HIGHEST_TRACKABLE_US = 120_000_000;

export function latencyHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

const toUs = (milliseconds: number) => Math.min(HIGHEST_TRACKABLE_US, Math.max(0, Math.round(milliseconds * 1000)));

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
 * The latencies of the requests due in a measuring window, every one of them: an answered
 * request with its measured latency, a failed, timed-out or dropped one censored — entered at
 * the request timeout, or at the time it had already taken when that is longer, since it took
 * at least that long to be of no use. The mean is over the answered requests only (Little's
 * law needs the time a request really took; a censored value is a bound, not a time).
 */
export class LatencyRecorder {
  private readonly histogram = latencyHistogram();
  private readonly timeoutUs: number;
  private answeredCount = 0;
  private answeredTotalUs = 0;
  private censoredCount = 0;

  constructor(timeoutMs: number) {
    this.timeoutUs = toUs(timeoutMs);
  }

  answered(latencyMs: number): void {
    const us = Math.max(1, toUs(latencyMs));
    this.histogram.recordValue(us);
    this.answeredCount++;
    this.answeredTotalUs += us;
  }

  /** A request that failed, timed out or was never sent; `takenMs` is how long it had been due, where known. */
  censored(takenMs = 0): void {
    this.histogram.recordValue(Math.max(this.timeoutUs, toUs(takenMs)));
    this.censoredCount++;
  }

  summary(): LoadLatency {
    return latencySummary(this.histogram, this.censoredCount, this.answeredCount > 0 ? ms(this.answeredTotalUs / this.answeredCount) : null);
  }
}

/**
 * The generator's own lateness (ms in, µs kept): how long after it should have sent a request
 * it did. A generator that is late measures itself, and the target looks better than it is.
 */
export class DispatchLag {
  private readonly histogram = latencyHistogram();

  record(lateMs: number): void {
    this.histogram.recordValue(toUs(lateMs));
  }

  /** p99 in ms (3 decimals); null with nothing recorded. */
  p99Ms(): number | null {
    return this.histogram.totalCount > 0 ? ms(this.histogram.getValueAtPercentile(99)) : null;
  }
}

const perSecond = (requests: number, spanMs: number) => Math.round((requests / spanMs) * 1000 * 10) / 10;

/**
 * Answered requests per second over a measuring window [from, to) and each of its quarters
 * (times from performance.now()). A request counts by the share of its duration [sent, done]
 * that falls inside: one that straddles an edge is neither skipped (which biases throughput
 * low) nor counted whole (which biases it high), and the quarters add up to the window.
 */
export class WindowThroughput {
  private readonly shares = [0, 0, 0, 0];

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  add(sent: number, done: number): void {
    const quarterMs = (this.to - this.from) / 4;
    for (let q = 0; q < 4; q++) {
      const qFrom = this.from + q * quarterMs;
      const qTo = q === 3 ? this.to : qFrom + quarterMs;
      if (done > sent) this.shares[q]! += Math.max(0, Math.min(done, qTo) - Math.max(sent, qFrom)) / (done - sent);
      // A request timed as taking no time at all counts where it happened.
      else if (sent >= qFrom && sent < qTo) this.shares[q]! += 1;
    }
  }

  /** Requests per second over the whole window, 1 decimal. */
  rps(): number {
    return perSecond(this.shares.reduce((sum, share) => sum + share, 0), this.to - this.from);
  }

  /** Requests per second in each quarter of the window, 1 decimal. */
  quartersRps(): number[] {
    return this.shares.map((share) => perSecond(share, (this.to - this.from) / 4));
  }
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
