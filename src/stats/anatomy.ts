import type { LatencyAnatomy } from "../results/types.js";
import type { ServerTimingSamples } from "../workloads/operation-recorder.js";
import { median } from "./bootstrap.js";

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * The latency anatomy of one operation from its sessions' Server-Timing samples: per request
 * db, app − db and observed − app; their medians per session; the median of those across
 * sessions. Sessions with fewer than half the samples of the fullest are left out, as for a
 * target's median. Null when no session has a sample. Pure.
 */
export function latencyAnatomy(sessions: readonly ServerTimingSamples[], timedSamples: number): LatencyAnatomy | null {
  const measured = sessions.filter((session) => session.observedMs.length > 0);
  const samples = measured.reduce((sum, session) => sum + session.observedMs.length, 0);
  if (samples === 0) return null;
  const fullest = Math.max(...measured.map((session) => session.observedMs.length));
  const whole = measured.filter((session) => session.observedMs.length * 2 >= fullest);
  const acrossSessions = (part: (session: ServerTimingSamples, index: number) => number) => median(whole.map((session) => median(session.observedMs.map((_, index) => part(session, index)))));
  const db = acrossSessions((session, index) => session.dbMs[index]!);
  const framework = acrossSessions((session, index) => session.appMs[index]! - session.dbMs[index]!);
  const transport = acrossSessions((session, index) => session.observedMs[index]! - session.appMs[index]!);
  const observed = acrossSessions((session, index) => session.observedMs[index]!);
  return {
    db_ms: round4(db),
    framework_ms: round4(framework),
    transport_ms: round4(transport),
    observed_ms: round4(observed),
    gap: round4((db + framework + transport) / observed - 1),
    samples,
    missing: Math.max(0, timedSamples - samples),
  };
}
