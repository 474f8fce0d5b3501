import { RESULTS_SCHEMA_VERSION } from "../../src/results/types.js";
import type {
  RunSizing,
  BatchRecord,
  Environment,
  ConformanceCaseResult,
  BulkResults,
  BuildCost,
  ColdStart,
  ControlResult,
  Distribution,
  LatencyConfig,
  LoadConfigRecord,
  LoadLevelResult,
  LoadResults,
  MeasuredTarget,
  MemoryResults,
  MetricName,
  PartialCause,
  Results,
  SingleResults,
  TargetComparison,
  TargetDescription,
  TargetResult,
} from "../../src/results/types.js";
import { hasLatency, metricOf } from "../../src/results/target-outcome.js";
import { judged } from "../../src/stats/load-verdict.js";
import { coefficientOfVariation, noiseLevel } from "../../src/stats/noise.js";

/**
 * results.json fixtures (the current schema), one builder per target outcome. Every number is written
 * down here, not computed by the statistics under test, so a test can assert exact table
 * cells: a distribution's session medians are `median` × SESSION_FACTORS (any first k of
 * them have median exactly 1, so the median is exact for any session count), and the paired
 * comparisons are what the sessions imply (every session gives the same log-ratio).
 */

const SESSION_FACTORS = [1, 1, 1.01, 0.99, 1.005, 0.995, 1.002, 0.998];

/** Coverage of [k-th lowest, k-th highest] of n session medians: 1 − 2·P(Binomial(n, ½) < k). */
function orderStatisticCoverage(n: number, rank: number): number {
  let below = 0;
  let choose = 1;
  for (let i = 0; i < rank; i++) {
    below += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return 1 - (2 * below) / 2 ** n;
}

/** `sessions` sessions (at most 8) whose medians are exactly `median` × SESSION_FACTORS; `perSession` samples each. */
function around(median: number, sessions: number, perSession: number, tails: boolean): Distribution {
  const sessionsMs = SESSION_FACTORS.slice(0, sessions).map((f) => median * f);
  const cv = coefficientOfVariation(sessionsMs);
  const p99s = sessionsMs.map((ms) => ms * 1.5);
  return {
    count: sessions * perSession,
    errors: 0,
    sessions_ms: sessionsMs,
    median_ms: median,
    median_interval: sessions >= 2 ? { low_ms: Math.min(...sessionsMs), high_ms: Math.max(...sessionsMs), coverage: orderStatisticCoverage(sessions, 1), rank: 1 } : null,
    cv,
    noise: cv === null ? null : noiseLevel(cv),
    min_ms: Math.min(...sessionsMs) * 0.9,
    max_ms: Math.max(...sessionsMs) * 2,
    p99: tails ? { sessions_ms: p99s, median_ms: median * 1.5, min_ms: Math.min(...p99s), max_ms: Math.max(...p99s) } : null,
    outliers: { low: 0, high: 0 },
    hdr: null,
    fresh_connections: 0,
    // A third of the time in the database, half in the framework, a fifth on the way: the
    // medians of the parts overshoot the observed one by 3.3%, as skewed parts do.
    // The CPU: 40% of the median per request (the rest is waiting: on the client, the loopback).
    cpu: { us_per_request: median * 400, sessions_us: sessionsMs.map((ms) => ms * 400), requests_per_cpu_s: Math.round(1e6 / (median * 400)), requests: sessions * perSession },
    statements: null,
    anatomy: tails ? { db_ms: median / 3, framework_ms: median / 2, transport_ms: median / 5, observed_ms: median, gap: 0.0333, samples: sessions * perSession, missing: 0 } : null,
  };
}

function description(name: string, language: string, style: "raw" | "orm"): TargetDescription {
  return {
    name,
    display_name: name,
    language,
    framework: { name: name.split("-")[0]!, version: "1.0" },
    data_access: { style, library: style === "orm" ? "SQLAlchemy" : "sqlite3", version: "1.0" },
    server: { processes: 2, threads_per_process: null, model: "workers", notes: null },
  };
}

const passedConformance = () => ({ passed: 1, failed: 0, cases: [{ id: "health-ok", description: "health", outcome: "passed" as const }] });
const bookkeeping = (name: string) => ({ warnings: [], log_file: `logs/${name}.log`, duration_s: 3.2 });

/** A target of 1 200 Python lines, 4 of 12 dependencies, a 40 MB virtualenv, prepared in 6.5 s before the fixture run. */
export function fixtureBuildCost(): BuildCost {
  return {
    lines: { counter: "cloc 1.96", files: 6, code: 1200, comment: 150, blank: 200, languages: [{ language: "Python", files: 6, code: 1200, comment: 150, blank: 200 }], config_code: 180 },
    dependencies: { direct: 4, total: 12, source: "requirements.txt + .venv metadata", note: null },
    artefact: { bytes: 40 * 2 ** 20, parts: [{ path: ".venv", bytes: 40 * 2 ** 20 }] },
    prepare: { seconds: 6.5, finished_at: "2026-11-26T09:58:00.000Z", from_scratch: true },
    reasons: {},
  };
}

/** Starts of `sessions` sessions around `readyMs` (the first write half as long again). */
export function fixtureColdStart(readyMs: number, sessions: number): ColdStart {
  const times = (ms: number) => {
    const samples = SESSION_FACTORS.slice(0, sessions).map((f) => ms * f);
    return { samples_ms: samples, median_ms: ms, min_ms: Math.min(...samples), max_ms: Math.max(...samples) };
  };
  return { ready: times(readyMs), first_post: times(readyMs * 1.5), poll_ms: 2 };
}

/** A target with latency figures (what `hasLatency` lets through). */
export type LatencyFixture = MeasuredTarget & { single: SingleResults; bulk: BulkResults };

/** A target measured to the end over `sessions` sessions (8 unless said; at most 8). */
export function fixtureTarget(name: string, language: string, style: "raw" | "orm", medianMs: number, overrides: Partial<MeasuredTarget> = {}, sessions = FIXTURE_LATENCY.sessions): LatencyFixture {
  const single = (ms: number) => around(ms, sessions, FIXTURE_LATENCY.blocks * FIXTURE_LATENCY.batch, true);
  const bulk = (ms: number) => around(ms, sessions, FIXTURE_LATENCY.blocks, false);
  return {
    ...description(name, language, style),
    status: "measured",
    conformance: passedConformance(),
    statements_per_request: null,
    build_cost: fixtureBuildCost(),
    sessions_completed: sessions,
    single: { create: single(medianMs * 2), read: single(medianMs), update: single(medianMs * 2), delete: single(medianMs * 1.5) },
    bulk: { size: 100, create: bulk(medianMs * 200), read: bulk(medianMs * 3), update: bulk(medianMs * 200), delete: bulk(medianMs * 150) },
    memory: fixtureMemory(40, 48.5, sessions),
    cold_start: fixtureColdStart(medianMs * 100, sessions),
    load: null,
    ...bookkeeping(name),
    ...overrides,
  } as LatencyFixture;
}

/** Memory over `sessions` sessions: idle `idle` MB in every one, the peak reached in one of them. */
export function fixtureMemory(idle: number, peak: number, sessions = FIXTURE_LATENCY.sessions): MemoryResults {
  return {
    idle_rss_mb: idle,
    peak_rss_mb: peak,
    idle_rss_mb_sessions: Array.from({ length: sessions }, () => idle),
    peak_rss_mb_sessions: Array.from({ length: sessions }, (_, index) => (index === 1 ? peak : peak - 0.5)),
    idle_pss_mb: 30,
    peak_pss_mb: 35,
    processes: 3,
    samples: 40,
    interval_ms: 100,
  };
}

/** A target whose measuring stopped after `sessionsCompleted` sessions; the sessions it finished are kept. */
export function partialTarget(name: string, language: string, style: "raw" | "orm", medianMs: number, sessionsCompleted: number, stoppedBy: PartialCause, reason: string): LatencyFixture {
  const measured = fixtureTarget(name, language, style, medianMs, {}, sessionsCompleted);
  return { ...measured, status: "partial", stopped_by: stoppedBy, reason } as LatencyFixture;
}

/** Passed conformance, nothing measured: what a run killed outright (SIGKILL) leaves behind. */
export function qualifiedTarget(name: string, language: string, style: "raw" | "orm"): TargetResult {
  return { ...description(name, language, style), status: "qualified", conformance: passedConformance(), statements_per_request: null, build_cost: fixtureBuildCost(), ...bookkeeping(name) };
}

export function skippedTarget(name: string, language: string, style: "raw" | "orm", reason: string): TargetResult {
  return { ...description(name, language, style), status: "skipped", reason, ...bookkeeping(name) };
}

export function failedTarget(name: string, language: string, style: "raw" | "orm", status: "failed-prepare" | "failed-start", reason: string): TargetResult {
  return { ...description(name, language, style), status, reason, ...bookkeeping(name) };
}

/** Failed the conformance gate on `failed` (all other cases passed). */
export function failedConformanceTarget(name: string, language: string, style: "raw" | "orm", failed: ConformanceCaseResult[]): TargetResult {
  return {
    ...description(name, language, style),
    status: "failed-conformance",
    reason: `${failed.length} conformance case(s) failed: ${failed.map((c) => c.id).join(", ")}`,
    conformance: { passed: 0, failed: failed.length, cases: failed },
    ...bookkeeping(name),
  };
}

/** A valid level: Little's law holds on closed ones (the mean is connections ÷ throughput), the rate is reached on open ones. */
function level(model: "closed" | "open", concurrency: number, rate: number | null, rps: number, p99: number): LoadLevelResult {
  const mean = model === "closed" ? concurrency / (rps / 1000) : p99 / 3;
  const latency = { count: rps * 10, mean_ms: mean, p50_ms: p99 / 4, p90_ms: p99 / 2, p99_ms: p99, p999_ms: p99 * 2, max_ms: p99 * 3, spectrum: [0, 50, 90, 99, 99.9, 100].map((percentile) => ({ percentile, ms: p99 * (1 + percentile / 50) })), censored: 0, p99_lower_bound: false };
  return judged(
    {
      model,
      generator: "crudbench",
      concurrency,
      target_rate: rate,
      achieved_rps: rps,
      quarters_rps: [rps, rps, rps, rps],
      latency,
      uncorrected_latency: model === "open" ? { ...latency, p99_ms: p99 / 2 } : null,
      errors: {},
      dropped: 0,
      dispatch_lag_p99_ms: 0.2,
      generator_cpu_percent: 40,
      event_loop_delay_p99_ms: 1,
      generator_bound: false,
    },
    { sloP99Ms: 50 },
  );
}

/** Load results: closed levels 1 and 8, open rates 100 and 200 (the higher sustained when `rps` ≥ 200). */
export function fixtureLoad(rps: number): LoadResults {
  return {
    mix: "crud",
    slo_p99_ms: 50,
    closed: [level("closed", 1, null, rps / 4, 2), level("closed", 8, null, rps, 8)],
    open: [level("open", 64, 100, 100, 5), level("open", 64, 200, Math.min(200, rps), rps >= 200 ? 20 : 90)],
    sustainable_rps: rps >= 200 ? 200 : 100,
  };
}

/** What `crudbench load` records: load figures only, no latency sessions. */
export function loadOnlyTarget(name: string, language: string, style: "raw" | "orm", rps: number): MeasuredTarget {
  return fixtureTarget(name, language, style, 1, { sessions_completed: 0, single: null, bulk: null, memory: null, cold_start: null, load: fixtureLoad(rps) });
}

/** The machine every fixture run claims: fixed, so reports rendered from fixtures are exact. */
export const FIXTURE_ENVIRONMENT: Environment = {
  os: "Debian GNU/Linux 12 (bookworm)",
  kernel: "6.1.0",
  arch: "x64",
  cpu_model: "Test CPU",
  cpu_count: 2,
  total_memory_mb: 24000,
  load_average_1m: 0.1,
  toolchains: { node: "v20.20.2", python3: "Python 3.11.7", rustc: null },
};

export const FIXTURE_LATENCY: LatencyConfig = {
  sessions: 8,
  blocks: 10,
  batch: 20,
  rewarm: 2,
  turn: 2,
  warmup: 1000,
  bulk_size: 100,
  bulk_every: 1,
  bulk_warmup: 2,
  order_seed: 1,
  memory_interval_ms: 100,
  idle_window_ms: 1000,
};

export const FIXTURE_LOAD: LoadConfigRecord = { mix: "crud", levels: [1, 8], rates: [100, 200], duration_ms: 10_000, warmup_ms: 2_000, slo_p99_ms: 50, open_connections: 64, seed_tasks: 1000, use_wrk: false, engine: "crudbench", locust_workers: null };

export interface FixtureRunOptions {
  /** The latency sessions' configuration; null for a load-only run. */
  latency?: LatencyConfig | null;
  load?: LoadConfigRecord | null;
  status?: Results["run"]["status"];
  /** The A/A control; by default a quiet one (±1%) whenever latency sessions ran. */
  control?: Results["control"];
  database_memory?: MemoryResults | null;
  statement_counting?: Results["statement_counting"];
  /** The claims checked against the run (test/support/claims-fixture.ts); none by default. */
  claims?: Results["claims"];
}

/** A quiet A/A control over `sessions` sessions: 1.00× [0.99×, 1.01×]. */
export function fixtureControl(sessions = FIXTURE_LATENCY.sessions, overrides: Partial<ControlResult> = {}): ControlResult {
  return {
    measured: true,
    candidate: "echo-a",
    baseline: "echo-b",
    ratio: 1.002,
    ratio_ci95: [0.992, 1.012],
    p_value: 0.64,
    sessions,
    blocks: sessions * FIXTURE_LATENCY.blocks,
    verdict: "same",
    median_ms: 0.09,
    precision: 0.012,
    missing: null,
    ...overrides,
  };
}

const METRIC_NAMES: MetricName[] = (["single", "bulk"] as const).flatMap((group) => (["create", "read", "update", "delete"] as const).map((op) => `${group}.${op}` as const));

/**
 * The paired comparisons the fixture's sessions imply: every session gives the same log-ratio
 * (both targets' session medians follow SESSION_FACTORS), so the ratio is the ratio of the
 * medians, the interval ±1% around it, and the signed-rank p the exact 2 / 2^S of S equal signs.
 */
export function fixtureComparisons(targets: readonly TargetResult[], latency: LatencyConfig, noiseThreshold: number): TargetComparison[] {
  const measured = targets.filter(hasLatency);
  const comparisons: TargetComparison[] = [];
  for (const [i, candidate] of measured.entries()) {
    for (const baseline of measured.slice(i + 1)) {
      for (const metric of METRIC_NAMES) {
        const a = metricOf(candidate, metric)!;
        const b = metricOf(baseline, metric)!;
        const sessions = Math.min(a.sessions_ms.length, b.sessions_ms.length);
        const ratio = a.median_ms! / b.median_ms!;
        const ci: [number, number] | null = sessions >= 2 ? [ratio * 0.99, ratio * 1.01] : null;
        const p = sessions >= 2 ? (ratio === 1 ? 1 : 2 / 2 ** sessions) : null;
        const significant = ci !== null && p !== null && (ci[0] > 1 || ci[1] < 1) && p < 0.05 && Math.abs(ratio - 1) > noiseThreshold;
        comparisons.push({ metric, candidate: candidate.name, baseline: baseline.name, ratio, ratio_ci95: ci, p_value: p, sessions, blocks: sessions * latency.blocks, verdict: significant ? (ratio > 1 ? "slower" : "faster") : "same" });
      }
    }
  }
  return comparisons;
}

/**
 * Every batch the fixture's sessions would have run, in order: per session and block, the
 * control's two names first, then each target's eight metrics; 5 ms apart, quiet (1% steal,
 * 2% CPU pressure, no spike). A partial target has batches only in the sessions it finished.
 */
export function fixtureBatches(targets: readonly TargetResult[], latency: LatencyConfig): BatchRecord[] {
  const measured = targets.filter(hasLatency);
  const batches: BatchRecord[] = [];
  let clock = 0;
  for (let session = 1; session <= latency.sessions; session++) {
    for (let block = 1; block <= latency.blocks; block++) {
      const runs: { target: string; metric: MetricName; median: number | null }[] = [
        { target: "echo-a", metric: "single.read", median: 0.09 },
        { target: "echo-b", metric: "single.read", median: 0.09 },
        ...measured.filter((t) => t.sessions_completed >= session).flatMap((t) => METRIC_NAMES.map((metric) => ({ target: t.name, metric, median: metricOf(t, metric)!.sessions_ms[session - 1] ?? null }))),
      ];
      for (const [index, run] of runs.entries()) {
        const bulk = run.metric.startsWith("bulk.");
        batches.push({
          session,
          block,
          position: index + 1,
          target: run.target,
          metric: run.metric,
          started_ms: clock,
          duration_ms: 4,
          n: bulk ? 1 : latency.batch,
          errors: 0,
          median_ms: run.median,
          steal: 0.01,
          cpu_pressure: 0.02,
          steal_spike: false,
        });
        clock += 5;
      }
    }
  }
  return batches;
}

export function fixtureResults(targets: TargetResult[], options: FixtureRunOptions = {}): Results {
  const latency = options.latency === undefined ? { ...FIXTURE_LATENCY } : options.latency;
  const config: Results["config"] = {
    database: "sqlite",
    database_server: { version: "3.53.0", managed: true, settings: { journal_mode: "WAL", synchronous: "NORMAL", busy_timeout: "5000" } },
    pool_size: 4,
    latency,
    load: options.load ?? null,
    request_timeout_ms: 10000,
    bootstrap_resamples: 1000,
    bootstrap_seed: 7,
    noise_threshold: 0.02,
    cpu_pinning: { harness: "0", targets: "1" },
    targets: targets.map((t) => t.name),
  };
  const status = options.status ?? "complete";
  return {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: "0.1.0" },
    run: {
      id: "2026-11-26T10-00-00Z",
      started_at: "2026-11-26T10:00:00.000Z",
      finished_at: status === "running" ? null : "2026-11-26T10:01:00.000Z",
      status,
      harness_cpu_percent: 35,
      timing: latency ? { engine: "native", fallback_reason: null } : null,
      latency_s: latency ? 240 : null,
    },
    environment: FIXTURE_ENVIRONMENT,
    config,
    targets,
    comparisons: latency ? fixtureComparisons(targets, latency, config.noise_threshold) : [],
    batches: latency ? fixtureBatches(targets, latency) : [],
    control: options.control !== undefined ? options.control : latency ? fixtureControl(latency.sessions) : null,
    database_memory: options.database_memory ?? null,
    claims: options.claims ?? null,
    statement_counting: options.statement_counting ?? { method: null, reason: "SQLite has no server-side statement statistics" },
    sizing: latency ? FIXTURE_SIZING : null,
    floor: null,
  };
}

/** Written down, not computed: what src/stats/sizing.ts would say of a calm run. */
export const FIXTURE_SIZING: RunSizing = {
  session_overhead_s: 9.5,
  block_s: 1.4,
  control: { sessions: 8, blocks_per_session: 10, within_session: 0.012, between_sessions: 0.0004, optimal_blocks: 14 },
  comparisons: { sessions: 8, blocks_per_session: 10, within_session: 0.02, between_sessions: 0.001, optimal_blocks: 12 },
};
