import type { LevelMeasurement } from "../../results/types.js";

/**
 * An open-model level from a Locust run paced at `rate` requests a second in all (each of
 * its users at rate ÷ users, Locust's constant_throughput). Locust's pacing is a closed
 * loop: a user whose answer came late sends its next request late, and a send it missed is
 * never made. So:
 *
 * - its latency runs from the actual send, the *uncorrected* figure; the corrected one (from
 *   when each request was due) is unknown, null, and no sustainable rate can rest on it;
 * - the sends the pacing missed are `dropped`: due (rate × Locust's window, less one per
 *   user for its edges) less those sent, so a server that stalled Locust's users shows as drops and fails the level's error
 *   check and its rate check, instead of vanishing from the latency (coordinated omission).
 *
 * Pure.
 */
export function locustOpenLevel(closed: LevelMeasurement, rate: number, runSeconds: number): LevelMeasurement {
  const sent = closed.latency.count;
  const answered = sent - closed.latency.censored;
  // Locust's own window (its answered requests ÷ their rate: from the test's start to its last
  // request), which starts and ends a little apart from --run-time; the run's asked seconds
  // where nothing was answered.
  const window = answered > 0 && closed.achieved_rps > 0 ? answered / closed.achieved_rps : runSeconds;
  // Each user's sends fall at its own phase within its period, and the window ends mid-period:
  // up to one send per user lies either side of the edges, so that many are not counted missed.
  const due = Math.round(rate * window) - closed.concurrency;
  return {
    ...closed,
    model: "open",
    target_rate: rate,
    latency: { count: sent, mean_ms: null, censored: closed.latency.censored, p99_lower_bound: false, p50_ms: null, p90_ms: null, p99_ms: null, p999_ms: null, max_ms: null, spectrum: [] },
    uncorrected_latency: closed.latency,
    dropped: Math.max(0, due - sent),
  };
}
