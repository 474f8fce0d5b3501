import type { ColdStart, StartTimes } from "../results/types.js";
import { median } from "./bootstrap.js";

/** One start of a target: ms from spawn to ready, and to its first write answered. */
export interface StartSample {
  readyMs: number;
  firstPostMs: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function startTimes(values: readonly number[]): StartTimes {
  const rounded = values.map(round2);
  return { samples_ms: rounded, median_ms: round2(median(values)), min_ms: Math.min(...rounded), max_ms: Math.max(...rounded) };
}

/** The cold start of a target over its starts; null before any start was measured. Pure. */
export function coldStartOf(samples: readonly StartSample[], pollMs: number): ColdStart | null {
  if (samples.length === 0) return null;
  return { ready: startTimes(samples.map((s) => s.readyMs)), first_post: startTimes(samples.map((s) => s.firstPostMs)), poll_ms: pollMs };
}
