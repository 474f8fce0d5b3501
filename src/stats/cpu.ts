import type { CpuPerRequest } from "../results/types.js";
import { median } from "./bootstrap.js";

/** CPU used and requests served by one target for one operation over one session. */
export interface CpuTally {
  ns: number;
  requests: number;
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * CPU per request over sessions: each session's ns / requests, the median across sessions.
 * Null without a session that served requests on measurable CPU: a server cannot answer
 * requests in no time, so a tally of 0 ns means the kernel did not count, not that it was free.
 * Pure.
 */
export function cpuPerRequest(sessions: readonly (CpuTally | undefined)[]): CpuPerRequest | null {
  const measured = sessions.filter((tally): tally is CpuTally => tally !== undefined && tally.requests > 0 && tally.ns > 0);
  if (measured.length === 0) return null;
  const perSession = measured.map((tally) => round4(tally.ns / tally.requests / 1000));
  const us = median(perSession);
  return { us_per_request: round4(us), sessions_us: perSession, requests_per_cpu_s: Math.round(1e6 / us), requests: measured.reduce((sum, tally) => sum + tally.requests, 0) };
}
