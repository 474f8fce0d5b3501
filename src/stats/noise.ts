import { mean, quantile, sortSamples, standardDeviation } from "./summary.js";

/**
 * Sample standard deviation over mean; null for fewer than two values: one round shows no
 * variation between rounds, which is not the same as showing none (0%).
 */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const average = mean(values);
  return average === 0 ? 0 : standardDeviation(values) / average;
}

export const NOISE_WARN_CV = 0.05;
export const NOISE_LOUD_CV = 0.1;

export type NoiseLevel = "ok" | "noisy" | "very-noisy";

export function noiseLevel(cv: number): NoiseLevel {
  if (cv > NOISE_LOUD_CV) return "very-noisy";
  if (cv > NOISE_WARN_CV) return "noisy";
  return "ok";
}

export interface OutlierCounts {
  low: number;
  high: number;
}

/**
 * Values beyond Tukey's fences (1.5 × IQR outside the quartiles). They are counted and
 * reported, never dropped: a slow request is part of what a user gets.
 */
export function tukeyOutliers(values: readonly number[]): OutlierCounts {
  if (values.length < 4) return { low: 0, high: 0 };
  const sorted = sortSamples(values);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = 1.5 * (q3 - q1);
  return { low: sorted.filter((v) => v < q1 - spread).length, high: sorted.filter((v) => v > q3 + spread).length };
}
