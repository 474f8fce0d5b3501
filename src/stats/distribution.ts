import * as hdr from "hdr-histogram-js";
import type { Distribution } from "../results/types.js";
import { bootstrapInterval, DEFAULT_BOOTSTRAP, median, type BootstrapOptions } from "./bootstrap.js";
import { coefficientOfVariation, noiseLevel, tukeyOutliers } from "./noise.js";

/** Latencies are recorded in microseconds with three significant digits (0.1% resolution). */
const MICROSECONDS_PER_MS = 1000;

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** The samples of one round, in one histogram. */
export function histogramOf(samplesMs: readonly number[]): hdr.Histogram {
  const histogram = newHistogram();
  for (const ms of samplesMs) histogram.recordValue(Math.max(1, Math.round(ms * MICROSECONDS_PER_MS)));
  return histogram;
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const toMs = (microseconds: number) => round4(microseconds / MICROSECONDS_PER_MS);

/**
 * One metric over all rounds. The unit of replication is the round (a fresh process on a
 * fresh database): each round contributes its median, and the reported median and its 95%
 * interval come from those round medians (seeded bootstrap). Requests within a round are
 * not independent, so pooling them would overstate certainty. Tail percentiles come from
 * the rounds' HDR histograms merged, never from averaged percentiles. With a single round
 * there is nothing to resample and no spread between rounds: the interval and the CV are
 * null, not a zero-width interval and 0%.
 */
export function distributionFromRounds(
  rounds: readonly (readonly number[])[],
  errors: number,
  errorExamples: readonly string[] = [],
  bootstrap: BootstrapOptions = DEFAULT_BOOTSTRAP,
  freshConnections = 0,
): Distribution {
  const measuredRounds = rounds.filter((samples) => samples.length > 0);
  const roundMedians = measuredRounds.map((samples) => round4(median(samples)));
  const count = measuredRounds.reduce((sum, samples) => sum + samples.length, 0);
  const examples = errorExamples.length > 0 ? { error_examples: [...errorExamples] } : {};
  if (count === 0) {
    return { count, errors, rounds_ms: [], median_ms: null, median_ci95_ms: null, cv: null, noise: null, min_ms: null, p25_ms: null, p75_ms: null, mean_ms: null, p95_ms: null, p99_ms: null, max_ms: null, stddev_ms: null, outliers: { low: 0, high: 0 }, hdr: null, fresh_connections: freshConnections, ...examples };
  }
  const merged = newHistogram();
  for (const samples of measuredRounds) merged.add(histogramOf(samples));
  const interval = roundMedians.length >= 2 ? bootstrapInterval(roundMedians, bootstrap) : null;
  const cv = coefficientOfVariation(roundMedians);
  return {
    count,
    errors,
    rounds_ms: roundMedians,
    median_ms: round4(median(roundMedians)),
    median_ci95_ms: interval ? [round4(interval[0]), round4(interval[1])] : null,
    cv: cv === null ? null : round4(cv),
    noise: cv === null ? null : noiseLevel(cv),
    min_ms: toMs(merged.minNonZeroValue),
    p25_ms: toMs(merged.getValueAtPercentile(25)),
    p75_ms: toMs(merged.getValueAtPercentile(75)),
    mean_ms: toMs(merged.mean),
    p95_ms: toMs(merged.getValueAtPercentile(95)),
    p99_ms: toMs(merged.getValueAtPercentile(99)),
    max_ms: toMs(merged.maxValue),
    stddev_ms: toMs(merged.stdDeviation),
    outliers: tukeyOutliers(measuredRounds.flat()),
    hdr: hdr.encodeIntoCompressedBase64(merged),
    fresh_connections: freshConnections,
    ...examples,
  };
}
