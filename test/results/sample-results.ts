import type { Distribution, MemoryResults, Results, TargetResult } from "../../src/results/types.js";
import { RESULTS_SCHEMA_VERSION } from "../../src/results/types.js";
import { FIXTURE_ENVIRONMENT } from "../support/results-fixture.js";

// A results.json as `crudbench run --db postgres --load` could write it, with one target in
// each kind of state. Written out literally and typed as Results, so tsc fails here when
// types.ts changes, and the schema test then checks the generated schema agrees.

export function sampleDistribution(medianMs: number, tails = true): Distribution {
  return {
    count: 1600,
    errors: 0,
    sessions_ms: [medianMs * 0.99, medianMs, medianMs * 1.01, medianMs, medianMs * 1.02, medianMs, medianMs * 0.98, medianMs],
    median_ms: medianMs,
    median_interval: { low_ms: medianMs * 0.98, high_ms: medianMs * 1.02, coverage: 0.9922, rank: 1 },
    cv: 0.012,
    noise: "ok",
    min_ms: medianMs * 0.8,
    max_ms: medianMs * 4,
    p99: tails ? { sessions_ms: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => medianMs * (1.7 + i / 100)), median_ms: medianMs * 1.745, min_ms: medianMs * 1.71, max_ms: medianMs * 1.78 } : null,
    outliers: { low: 0, high: 12 },
    hdr: "HISTFAAAACl4nJNpmSzMwMDAzAABzFCaEUzOmPIBYsDBB0VgFUwAIM0DJg==",
    fresh_connections: 0,
    statements: tails ? { per_request: 2, sessions: [2, 2, 2], requests: 2400, conformance: 2, differs: false } : { per_request: 2.02, sessions: [2.01, 2.03, 2.02], requests: 300, conformance: 2, differs: true },
    cpu: { us_per_request: medianMs * 400, sessions_us: [medianMs * 390, medianMs * 400, medianMs * 410], requests_per_cpu_s: Math.round(1e6 / (medianMs * 400)), requests: 2400 },
    anatomy: tails ? { db_ms: medianMs * 0.2, framework_ms: medianMs * 0.5, transport_ms: medianMs * 0.3, observed_ms: medianMs, gap: 0.01, samples: 1600, missing: 0 } : null,
  };
}

export const sampleMemory = (): MemoryResults => ({
  idle_rss_mb: 40,
  peak_rss_mb: 48.5,
  idle_rss_mb_sessions: [40, 40.2, 39.9, 40, 40.1, 40, 40, 40.1],
  peak_rss_mb_sessions: [48, 48.5, 48.1, 48, 48.2, 48, 48.1, 48],
  idle_pss_mb: 30,
  peak_pss_mb: 35,
  processes: 3,
  samples: 40,
  interval_ms: 100,
});

const description = (name: string, style: "raw" | "orm") => ({
  name,
  display_name: `Flask (${style})`,
  language: "Python",
  framework: { name: "Flask", version: "3.1.2" },
  data_access: { style, library: style === "raw" ? "psycopg" : "SQLAlchemy", version: "3.2.10" },
  server: { processes: 2, threads_per_process: null, model: "gunicorn sync workers", notes: null },
});

const conformance = { passed: 2, failed: 0, cases: [{ id: "health-ok", description: "GET /health answers 200", outcome: "passed" as const }] };

export function sampleMeasuredTarget(name = "flask-raw"): Extract<TargetResult, { status: "measured" }> {
  return {
    ...description(name, "raw"),
    status: "measured",
    conformance,
    statements_per_request: { create: 1, read: 1, update: 1, delete: 1, list: 1 },
    build_cost: {
      lines: { counter: "cloc 1.96", files: 7, code: 499, comment: 147, blank: 196, languages: [{ language: "Python", files: 7, code: 499, comment: 147, blank: 196 }], config_code: 202 },
      dependencies: { direct: 4, total: 12, source: "requirements.txt + .venv metadata", note: null },
      artefact: { bytes: 42928863, parts: [{ path: ".venv", bytes: 42928863 }] },
      prepare: null,
      reasons: { prepare: "no prepare from scratch recorded here" },
    },
    sessions_completed: 8,
    single: { create: sampleDistribution(0.6), read: sampleDistribution(0.4), update: sampleDistribution(0.6), delete: sampleDistribution(0.5) },
    bulk: { size: 100, create: sampleDistribution(60, false), read: sampleDistribution(2, false), update: sampleDistribution(60, false), delete: sampleDistribution(50, false) },
    memory: sampleMemory(),
    cold_start: {
      ready: { samples_ms: [310.5, 298.2, 305], median_ms: 305, min_ms: 298.2, max_ms: 310.5 },
      first_post: { samples_ms: [402.1, 388, 395.4], median_ms: 395.4, min_ms: 388, max_ms: 402.1 },
      poll_ms: 2,
    },
    load: {
      mix: "crud",
      slo_p99_ms: 50,
      closed: [],
      open: [
        {
          model: "open",
          generator: "crudbench",
          concurrency: 64,
          target_rate: 800,
          achieved_rps: 799.2,
          quarters_rps: [801, 798.4, 799.6, 797.8],
          latency: { count: 7995, mean_ms: 1.4, p50_ms: 1.2, p90_ms: 2.5, p99_ms: 9.8, p999_ms: 20, max_ms: 10000, spectrum: [{ percentile: 50, ms: 1.2 }], censored: 3, p99_lower_bound: false },
          uncorrected_latency: { count: 7995, mean_ms: 1.2, p50_ms: 1.1, p90_ms: 2.2, p99_ms: 8, p999_ms: 15, max_ms: 10000, spectrum: [], censored: 3, p99_lower_bound: false },
          errors: { "503": 2, timeout: 1 },
          dropped: 0,
          dispatch_lag_p99_ms: 1.1,
          generator_cpu_percent: 41,
          event_loop_delay_p99_ms: 1.3,
          generator_bound: false,
          verdict: {
            valid: true,
            reasons: [],
            checks: { littles_law: null, achieved_share: 0.999, stability: 0.996, error_share: 0, generator_cpu_percent: 41, dispatch_lag_share: 0.022, ceiling_share: null },
          },
        },
      ],
      sustainable_rps: 800,
    },
    warnings: [],
    log_file: `logs/${name}.log`,
    duration_s: 61.5,
  };
}

export function sampleResults(): Results {
  const measured = sampleMeasuredTarget();
  const targets: TargetResult[] = [
    measured,
    { ...sampleMeasuredTarget("flask-orm"), status: "partial", stopped_by: "crashed", reason: "exited with code 1 in session 3", sessions_completed: 2, load: null },
    { ...description("flask-orm-2", "orm"), status: "failed-conformance", reason: "1 case failed", conformance: { passed: 1, failed: 1, cases: [{ ...conformance.cases[0]!, outcome: "failed", reason: "got 500" }] }, warnings: [], log_file: "logs/flask-orm-2.log", duration_s: 4 },
    { ...description("flask-raw-2", "raw"), status: "interrupted", reason: "Ctrl-C", conformance: null, warnings: [], log_file: "logs/flask-raw-2.log", duration_s: 0 },
    { ...description("flask-raw-3", "raw"), status: "skipped", reason: "does not support postgres", warnings: [], log_file: "logs/flask-raw-3.log", duration_s: 0 },
  ];
  return {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: "0.1.0" },
    run: { id: "2026-11-26T10-00-00Z", started_at: "2026-11-26T10:00:00.000Z", finished_at: "2026-11-26T10:09:00.000Z", status: "complete", harness_cpu_percent: 35, timing: { engine: "native", fallback_reason: null }, latency_s: 183.2 },
    environment: FIXTURE_ENVIRONMENT,
    config: {
      database: "postgres",
      database_server: { version: "15.14", managed: true, settings: { fsync: "on", synchronous_commit: "off" } },
      pool_size: 4,
      latency: { sessions: 8, blocks: 10, batch: 20, rewarm: 2, turn: 2, warmup: 1500, bulk_size: 100, bulk_every: 2, bulk_warmup: 1, order_seed: 20261130, memory_interval_ms: 100, idle_window_ms: 1000 },
      load: { mix: "crud", levels: [], rates: [800], duration_ms: 10000, warmup_ms: 2000, slo_p99_ms: 50, open_connections: 64, seed_tasks: 1000, use_wrk: false, engine: "crudbench", locust_workers: null },
      bootstrap_resamples: 10000,
      bootstrap_seed: 7,
      noise_threshold: 0.02,
      cpu_pinning: { harness: "0", targets: "1" },
      request_timeout_ms: 10000,
      targets: targets.map((t) => t.name),
    },
    targets,
    comparisons: [
      { metric: "single.read", candidate: "flask-orm", baseline: "flask-raw", ratio: 1.8, ratio_ci95: [1.6, 2], p_value: 0.0078, sessions: 8, blocks: 80, verdict: "slower" },
      { metric: "bulk.read", candidate: "flask-orm", baseline: "flask-raw", ratio: 1.01, ratio_ci95: null, p_value: null, sessions: 1, blocks: 10, verdict: "same" },
    ],
    batches: [
      { session: 1, block: 1, position: 1, target: "flask-raw", metric: "single.read", started_ms: 5012.5, duration_ms: 9.1, n: 20, errors: 0, median_ms: 0.41, steal: 0, cpu_pressure: 0.02, steal_spike: false },
      { session: 1, block: 1, position: 2, target: "echo-a", metric: "single.read", started_ms: 5022, duration_ms: 2.2, n: 20, errors: 0, median_ms: 0.09, steal: null, cpu_pressure: null, steal_spike: false },
      { session: 1, block: 1, position: 3, target: "flask-orm", metric: "single.read", started_ms: 5025.3, duration_ms: 15.8, n: 19, errors: 1, median_ms: 0.74, steal: 0.25, cpu_pressure: 0.4, steal_spike: true },
    ],
    control: { measured: true, candidate: "echo-a", baseline: "echo-b", ratio: 1.002, ratio_ci95: [0.991, 1.013], p_value: 0.64, sessions: 8, blocks: 80, verdict: "same", median_ms: 0.09, precision: 0.013, missing: null },
    database_memory: { ...sampleMemory(), processes: 8, idle_pss_mb: null, peak_pss_mb: null },
    claims: null,
    statement_counting: { method: "pg_stat_statements", reason: null },
    sizing: {
      session_overhead_s: 9.5,
      block_s: 1.4,
      control: { sessions: 8, blocks_per_session: 10, within_session: 0.012, between_sessions: 0, optimal_blocks: null },
      comparisons: { sessions: 8, blocks_per_session: 10, within_session: 0.02, between_sessions: 0.001, optimal_blocks: 12 },
    },
    floor: null,
  };
}
