import type { Count, MetricName } from "./types.js";

/**
 * The evidence of the latency sessions in results.json: every timed batch, the paired
 * comparisons built from them, the A/A control and the sizing record. Part of the results
 * schema (generated from src/results/types.ts, which re-exports these).
 */

/**
 * A paired ratio of two series measured side by side in the same sessions and blocks: per
 * block log(median_a / median_b), per session the median of its blocks, across sessions a
 * t-interval (S − 1 degrees of freedom) and a Wilcoxon signed-rank test.
 */
export interface PairedRatio {
  /** exp(mean of the session log-ratios): above 1, the candidate is slower. */
  ratio: number;
  /** 95% t-interval of that ratio; null with fewer than two paired sessions. */
  ratio_ci95: [number, number] | null;
  /** Two-sided Wilcoxon signed-rank p over the session log-ratios (SciPy's conventions: exact for small samples without ties); null with fewer than two. */
  p_value: number | null;
  /** Sessions in which both were measured (the pairs). */
  sessions: Count;
  /** Blocks in which both were measured. */
  blocks: Count;
  /**
   * "same" unless the interval excludes 1, p < 0.05 and |ratio − 1| exceeds the noise
   * threshold. With fewer than 6 sessions p cannot fall below 0.05, so the verdict is "same".
   */
  verdict: "slower" | "faster" | "same";
}

export interface TargetComparison extends PairedRatio {
  metric: MetricName;
  /** The target whose time is the numerator. */
  candidate: string;
  baseline: string;
}

/** One timed batch: one operation of one target (or the control) in one block of one session. */
export interface BatchRecord {
  /** 1-based. */
  session: Count;
  /** 1-based, within the session. */
  block: Count;
  /** Where this batch ran in its block's order (1-based), for order effects. */
  position: Count;
  /** A target's name, or the control's (`echo-a`, `echo-b`). */
  target: string;
  /** What was timed; the control's batches are `single.read` (GETs of one task). */
  metric: MetricName;
  /** Milliseconds since the run started. */
  started_ms: number;
  duration_ms: number;
  /** Timed samples that succeeded (a bulk batch is one sample: the sum of its requests). */
  n: Count;
  errors: Count;
  /** Median of the batch's timed samples; null when none succeeded. */
  median_ms: number | null;
  /** Share of all CPUs' time stolen by the hypervisor during the batch (/proc/stat); null where unknown. */
  steal: number | null;
  /** Share of the batch's wall time in which some task waited for a CPU (/proc/pressure/cpu); null where absent. */
  cpu_pressure: number | null;
  /** The batch's block ran inside a steal spike: at least STEAL_SPIKE_SHARE of the CPUs' time over the whole block was stolen. */
  steal_spike: boolean;
}

/**
 * Variance of a nested measurement at its two levels (blocks within sessions), and the
 * cost-optimal blocks per session (Kalibera & Jones, "Rigorous benchmarking in reasonable time").
 */
export interface VarianceLevels {
  sessions: Count;
  /** Mean blocks per session. */
  blocks_per_session: number;
  /** Variance between blocks of one session (mean over sessions). */
  within_session: number;
  /** The session level's own variance component, S² − W / B (0 when the data show none). */
  between_sessions: number;
  /** √((session cost / block cost) · within / between), rounded up; null when the sessions show no variance of their own. */
  optimal_blocks: Count | null;
}

/** The evidence for sizing a run: the cost of each level and where the variance was, in log-ratio units. */
export interface RunSizing {
  /** Seconds a session costs beyond its blocks (stop, start, idle memory, warm-up): median over sessions after the first. */
  session_overhead_s: number | null;
  /** Seconds of one block (every unit's batches): the mean, as blocks with and without bulk alternate. */
  block_s: number | null;
  /** The A/A control's block log-ratios. */
  control: VarianceLevels | null;
  /** The single-request comparisons' block log-ratios: components averaged over every pair of targets and operation. */
  comparisons: VarianceLevels | null;
}

/** The A/A control, measured in at least one block. */
export interface ControlResult extends PairedRatio {
  measured: true;
  candidate: "echo-a";
  baseline: "echo-b";
  /** Median of the echo server's batch medians (both names). */
  median_ms: number | null;
  /** Half-width of the interval as a share of 1: max(high − 1, 1 − low); null without an interval. */
  precision: number | null;
  /** Why the control is missing from some sessions (it did not start, or stopped); null when it ran in every one. */
  missing: string | null;
}

/** The A/A control was never measured: its precision is unknown, and this says why. */
export interface ControlNotMeasured {
  measured: false;
  reason: string;
}
