import * as hdr from "hdr-histogram-js";
import type { CpuPerRequest, Distribution, LatencyAnatomy, SessionSpread, StatementsUnderMeasurement } from "../results/types.js";
import { median } from "./bootstrap.js";
import { orderStatisticInterval } from "./median-interval.js";
import { coefficientOfVariation, noiseLevel, tukeyOutliers } from "./noise.js";
import { quantile, sortSamples } from "./summary.js";

/** Latencies are recorded in microseconds with three significant digits (0.1% resolution). */
const MICROSECONDS_PER_MS = 1000;

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** The samples of one session, in one histogram. */
export function histogramOf(samplesMs: readonly number[]): hdr.Histogram {
  const histogram = newHistogram();
  for (const ms of samplesMs) histogram.recordValue(Math.max(1, Math.round(ms * MICROSECONDS_PER_MS)));
  return histogram;
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const toMs = (microseconds: number) => round4(microseconds / MICROSECONDS_PER_MS);

export interface DistributionOptions {
  errorExamples?: readonly string[];
  /** Timed samples that opened a connection. */
  freshConnections?: number;
  /** Report p99 per session: true for single requests; false for bulk, whose sessions hold a handful of samples, so their "p99" would be their maximum. */
  tails: boolean;
  /** Where the time went, when the samples carried Server-Timing (computed by stats/anatomy.ts). */
  anatomy?: LatencyAnatomy | null;
  /** CPU per request (computed by stats/cpu.ts). */
  cpu?: CpuPerRequest | null;
  /** Statements per request under measurement (computed by stats/statements.ts). */
  statements?: StatementsUnderMeasurement | null;
}

/** p99 of each session's own samples (type 7), with its median and range across sessions. */
function sessionP99(sessions: readonly (readonly number[])[]): SessionSpread {
  const perSession = sessions.map((samples) => round4(quantile(sortSamples(samples), 0.99)));
  return { sessions_ms: perSession, median_ms: round4(median(perSession)), min_ms: Math.min(...perSession), max_ms: Math.max(...perSession) };
}

/**
 * One metric over all sessions. The unit of replication is the session (fresh processes
 * on fresh databases): each contributes its median, and the reported median and its
 * interval come from those session medians. Requests within a session are not independent,
 * so pooling them would overstate certainty; the interval is the order-statistic one, with
 * its true coverage. Tails and outliers are taken within each session: pooled across
 * sessions, one slow session would pass for a heavy tail and dozens of "outliers". With a
 * single session there is no spread between sessions: the interval and the CV are null,
 * not a zero-width interval and 0%. min/max and the histogram cover every sample.
 */
export function distributionFromSessions(sessions: readonly (readonly number[])[], errors: number, options: DistributionOptions): Distribution {
  const measured = sessions.filter((samples) => samples.length > 0);
  // A session cut short (a crash, Ctrl-C) would count as much as a whole one, and its "p99"
  // from a few samples would be its maximum: the per-session statistics leave out sessions
  // with fewer than half the samples of the fullest (count, min, max and the histogram keep them).
  const fullest = Math.max(0, ...measured.map((samples) => samples.length));
  const whole = measured.filter((samples) => samples.length * 2 >= fullest);
  const sessionMedians = whole.map((samples) => round4(median(samples)));
  const count = measured.reduce((sum, samples) => sum + samples.length, 0);
  const fresh_connections = options.freshConnections ?? 0;
  const examples = options.errorExamples && options.errorExamples.length > 0 ? { error_examples: [...options.errorExamples] } : {};
  if (count === 0) {
    return { count, errors, sessions_ms: [], median_ms: null, median_interval: null, cv: null, noise: null, min_ms: null, max_ms: null, p99: null, outliers: { low: 0, high: 0 }, hdr: null, fresh_connections, anatomy: null, cpu: options.cpu ?? null, statements: options.statements ?? null, ...examples };
  }
  const merged = newHistogram();
  for (const samples of measured) merged.add(histogramOf(samples));
  const cv = coefficientOfVariation(sessionMedians);
  const outliers = whole.map(tukeyOutliers).reduce((sum, o) => ({ low: sum.low + o.low, high: sum.high + o.high }), { low: 0, high: 0 });
  return {
    count,
    errors,
    sessions_ms: sessionMedians,
    median_ms: round4(median(sessionMedians)),
    median_interval: orderStatisticInterval(sessionMedians),
    cv: cv === null ? null : round4(cv),
    noise: cv === null ? null : noiseLevel(cv),
    min_ms: toMs(merged.minNonZeroValue),
    max_ms: toMs(merged.maxValue),
    p99: options.tails ? sessionP99(whole) : null,
    outliers,
    hdr: hdr.encodeIntoCompressedBase64(merged),
    fresh_connections,
    anatomy: options.anatomy ?? null,
    cpu: options.cpu ?? null,
    statements: options.statements ?? null,
    ...examples,
  };
}
