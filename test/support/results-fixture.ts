import { buildComparisons } from "../../src/stats/aggregate.js";
import { RESULTS_SCHEMA_VERSION } from "../../src/results/types.js";
import type {
  Environment,
  ConformanceCaseResult,
  BulkResults,
  Distribution,
  LatencyConfig,
  LoadConfigRecord,
  LoadLevelResult,
  LoadResults,
  MeasuredTarget,
  PartialCause,
  Results,
  SingleResults,
  TargetDescription,
  TargetResult,
} from "../../src/results/types.js";
import { distributionFromRounds } from "../../src/stats/distribution.js";

/**
 * results.json fixtures, one builder per target outcome. Numbers are chosen so a test can
 * assert exact table cells: medians are exact, every round differs from it by at most 1%.
 */

const ROUND_FACTORS = [1, 1.01, 0.99, 1.005, 0.995];

/** `rounds` rounds (at most 5) whose medians are exactly `median` ± 1%, three requests each. */
function around(median: number, rounds = ROUND_FACTORS.length): Distribution {
  const samples = ROUND_FACTORS.slice(0, rounds).map((f) => [median * f * 0.9, median * f, median * f * 1.5]);
  return distributionFromRounds(samples, 0, [], { resamples: 1000, seed: 7, confidence: 0.95 });
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

/** A target with latency figures (what `hasLatency` lets through). */
export type LatencyFixture = MeasuredTarget & { single: SingleResults; bulk: BulkResults };

/** A target measured to the end over `rounds` rounds (5 unless said). */
export function fixtureTarget(name: string, language: string, style: "raw" | "orm", medianMs: number, overrides: Partial<MeasuredTarget> = {}, rounds = 5): LatencyFixture {
  const op = (ms: number) => around(ms, rounds);
  return {
    ...description(name, language, style),
    status: "measured",
    conformance: passedConformance(),
    statements_per_request: null,
    rounds_completed: rounds,
    single: { create: op(medianMs * 2), read: op(medianMs), update: op(medianMs * 2), delete: op(medianMs * 1.5) },
    bulk: { size: 100, create: op(medianMs * 200), read: op(medianMs * 3), update: op(medianMs * 200), delete: op(medianMs * 150) },
    memory: {
      idle_rss_mb: 40,
      peak_rss_mb: 48.5,
      idle_rss_mb_rounds: Array.from({ length: rounds }, () => 40),
      peak_rss_mb_rounds: [48, 48.5, 48, 48, 48].slice(0, rounds),
      idle_pss_mb: 30,
      peak_pss_mb: 35,
      processes: 3,
      samples: 40,
      interval_ms: 100,
    },
    database_memory: null,
    load: null,
    ...bookkeeping(name),
    ...overrides,
  } as LatencyFixture;
}

/** A target whose measuring stopped after `roundsCompleted` rounds; the rounds it finished are kept. */
export function partialTarget(name: string, language: string, style: "raw" | "orm", medianMs: number, roundsCompleted: number, stoppedBy: PartialCause, reason: string): LatencyFixture {
  const measured = fixtureTarget(name, language, style, medianMs, {}, roundsCompleted);
  return { ...measured, status: "partial", stopped_by: stoppedBy, reason } as LatencyFixture;
}

/** Passed conformance, nothing measured: what a run killed outright (SIGKILL) leaves behind. */
export function qualifiedTarget(name: string, language: string, style: "raw" | "orm"): TargetResult {
  return { ...description(name, language, style), status: "qualified", conformance: passedConformance(), statements_per_request: null, ...bookkeeping(name) };
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

function level(model: "closed" | "open", concurrency: number, rate: number | null, rps: number, p99: number): LoadLevelResult {
  const latency = { count: rps * 10, p50_ms: p99 / 4, p90_ms: p99 / 2, p99_ms: p99, p999_ms: p99 * 2, max_ms: p99 * 3, spectrum: [0, 50, 90, 99, 99.9, 100].map((percentile) => ({ percentile, ms: p99 * (1 + percentile / 50) })) };
  return {
    model,
    generator: "crudbench",
    concurrency,
    target_rate: rate,
    achieved_rps: rps,
    latency,
    uncorrected_latency: model === "open" ? { ...latency, p99_ms: p99 / 2 } : null,
    errors: {},
    dropped: 0,
    generator_cpu_percent: 40,
    event_loop_delay_p99_ms: 1,
    generator_bound: false,
  };
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

/** What `crudbench load` records: load figures only, no latency rounds. */
export function loadOnlyTarget(name: string, language: string, style: "raw" | "orm", rps: number): MeasuredTarget {
  return fixtureTarget(name, language, style, 1, { rounds_completed: 0, single: null, bulk: null, memory: null, load: fixtureLoad(rps) });
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

export const FIXTURE_LATENCY: LatencyConfig = { rounds: 5, iterations: 200, warmup: 20, bulk_size: 100, bulk_repeats: 3, bulk_warmup: 1, memory_interval_ms: 100, idle_window_ms: 1000 };

export const FIXTURE_LOAD: LoadConfigRecord = { mix: "crud", levels: [1, 8], rates: [100, 200], duration_ms: 10_000, warmup_ms: 2_000, slo_p99_ms: 50, open_connections: 64, seed_tasks: 1000, use_wrk: false };

export interface FixtureRunOptions {
  /** The latency rounds' configuration; null for a load-only run. */
  latency?: LatencyConfig | null;
  load?: LoadConfigRecord | null;
  status?: Results["run"]["status"];
}

export function fixtureResults(targets: TargetResult[], options: FixtureRunOptions = {}): Results {
  const config: Results["config"] = {
    database: "sqlite",
    database_server: { version: "3.53.0", managed: true, settings: { journal_mode: "WAL", synchronous: "NORMAL", busy_timeout: "5000" } },
    pool_size: 4,
    latency: options.latency === undefined ? { ...FIXTURE_LATENCY } : options.latency,
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
    run: { id: "2026-11-26T10-00-00Z", started_at: "2026-11-26T10:00:00.000Z", finished_at: status === "running" ? null : "2026-11-26T10:01:00.000Z", status, harness_cpu_percent: 35, timing: { engine: "native", fallback_reason: null } },
    environment: FIXTURE_ENVIRONMENT,
    config,
    targets,
    comparisons: buildComparisons(targets, config),
    floor: null,
  };
}
