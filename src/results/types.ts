/**
 * The shape of results.json, the canonical artefact every report is rendered from.
 * spec/results.schema.json is its JSON Schema; a test keeps the two in step.
 * Field names are snake_case and carry their unit (`_ms`, `_mb`).
 */

export const RESULTS_SCHEMA_VERSION = 1;

export const CRUD_OPERATIONS = ["create", "read", "update", "delete"] as const;
export type CrudOperation = (typeof CRUD_OPERATIONS)[number];

export interface Results {
  schema_version: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: "crudbench"; version: string };
  run: {
    id: string;
    started_at: string;
    finished_at: string | null;
    /** `running` while targets are still being measured (the file is rewritten after each). */
    status: "running" | "complete" | "interrupted";
    /** CPU time the harness itself used while measuring, as a percentage of one core. */
    harness_cpu_percent: number | null;
  };
  environment: Environment;
  config: RunConfigRecord;
  targets: TargetResult[];
  /** Every pair of measured targets, for every metric. */
  comparisons: TargetComparison[];
  /** The load generators' own ceilings, measured against a bare HTTP echo server. */
  calibration?: LoadLevelResult[];
}

/** single.read, bulk.create, … */
export type MetricName = `${"single" | "bulk"}.${CrudOperation}`;

export interface TargetComparison {
  metric: MetricName;
  /** The target whose time is the numerator. */
  candidate: string;
  baseline: string;
  /** median(candidate rounds) / median(baseline rounds): above 1, the candidate is slower. */
  ratio: number;
  ratio_ci95: [number, number];
  /** Two-sided Mann–Whitney U over the round medians. */
  p_value: number;
  /** "same" unless significant (p < 0.05), the interval excludes 1, and |ratio − 1| > the noise threshold. */
  verdict: "slower" | "faster" | "same";
}

export interface Environment {
  os: string;
  kernel: string;
  arch: string;
  cpu_model: string;
  cpu_count: number;
  total_memory_mb: number;
  load_average_1m: number;
  /** Versions of the toolchains found on PATH (`null` when absent). */
  toolchains: Record<string, string | null>;
}

export interface RunConfigRecord {
  database: "sqlite" | "postgres";
  /** The database server or library, its version and the settings every target ran with. */
  database_server: { version: string | null; managed: boolean; settings: Record<string, string> };
  /** DATABASE_POOL_SIZE: connections each target server process may open. */
  pool_size: number;
  /** Rounds: each target is started afresh this many times, targets interleaved (A B C A B C …). */
  rounds: number;
  /** Measured sequential requests per single operation, per round. */
  iterations: number;
  /** Untimed requests per single operation before measuring, per round. */
  warmup: number;
  bulk_size: number;
  /** Timed repetitions of each bulk operation, per round. */
  bulk_repeats: number;
  /** Untimed bulk repetitions before the timed ones, per round. */
  bulk_warmup: number;
  bootstrap_resamples: number;
  bootstrap_seed: number;
  /** Ratio changes smaller than this share count as "~ no difference". */
  noise_threshold: number;
  /** CPUs the harness and the targets were pinned to (taskset), or null when not pinned. */
  cpu_pinning: { harness: string; targets: string } | null;
  request_timeout_ms: number;
  memory_interval_ms: number;
  idle_window_ms: number;
  targets: string[];
}

/**
 * Latency of one operation over all rounds, in milliseconds. The median and its interval
 * come from the per-round medians; percentiles from the merged HDR histogram of every
 * timed request. Statistics are null when no sample succeeded; the interval and the CV are
 * also null with a single measured round.
 */
export interface Distribution {
  /** Successful timed samples, all rounds. */
  count: number;
  /** Requests that got an unexpected status, an invalid body, or no answer in time (warm-up included). */
  errors: number;
  /** The median of each round. */
  rounds_ms: number[];
  /** Median of the round medians. */
  median_ms: number | null;
  /** 95% bootstrap interval of that median (seeded, reproducible); null with fewer than two rounds. */
  median_ci95_ms: [number, number] | null;
  /** Coefficient of variation of the round medians; null with fewer than two rounds. */
  cv: number | null;
  /** ok ≤ 5% < noisy ≤ 10% < very-noisy; null with one round. */
  noise: "ok" | "noisy" | "very-noisy" | null;
  min_ms: number | null;
  p25_ms: number | null;
  p75_ms: number | null;
  mean_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  /** Population standard deviation of all timed requests. */
  stddev_ms: number | null;
  /** Requests beyond Tukey's fences (1.5 × IQR), counted and kept. */
  outliers: { low: number; high: number };
  /** The merged HDR histogram (microseconds), compressed base64, for later re-analysis. */
  hdr: string | null;
  /** The first few error descriptions, for diagnosis. */
  error_examples?: string[];
}

export type SingleResults = Record<CrudOperation, Distribution>;
export type BulkResults = { size: number } & Record<CrudOperation, Distribution>;

export interface MemoryResults {
  /** Median over rounds of the idle RSS of the whole process tree after readiness. */
  idle_rss_mb: number;
  /** Highest RSS of the whole process tree seen in any round. */
  peak_rss_mb: number;
  idle_rss_mb_rounds: number[];
  peak_rss_mb_rounds: number[];
  /** The same as PSS (shared pages split among processes); null where /proc hides it. */
  idle_pss_mb: number | null;
  peak_pss_mb: number | null;
  /** Most processes seen in the tree at once. */
  processes: number;
  samples: number;
  interval_ms: number;
}

export interface ConformanceCaseResult {
  id: string;
  description: string;
  outcome: "passed" | "failed";
  reason?: string;
}

export interface ConformanceResults {
  passed: number;
  failed: number;
  cases: ConformanceCaseResult[];
}

export type TargetStatus =
  | "measured"
  | "failed-prepare"
  | "failed-start"
  | "failed-conformance"
  | "crashed"
  | "failed-workload"
  | "skipped"
  | "interrupted";

export interface TargetDescription {
  name: string;
  display_name: string;
  language: string;
  framework: { name: string; version: string };
  data_access: { style: "raw" | "orm"; library: string; version: string };
  server: { processes: number; threads_per_process: number | null; model: string; notes: string | null };
}

/** Average SQL statements the database executed per request (pg_stat_statements; BEGIN/COMMIT included). */
export interface StatementsPerRequest {
  create: number;
  read: number;
  update: number;
  delete: number;
  list: number;
}

/** Latency percentiles of a load level, from an HDR histogram (microsecond resolution). */
export interface LoadLatency {
  count: number;
  p50_ms: number | null;
  p90_ms: number | null;
  p99_ms: number | null;
  p999_ms: number | null;
  max_ms: number | null;
  /** Latency at fixed percentiles from 0 to 100 (the percentile spectrum). */
  spectrum: { percentile: number; ms: number }[];
}

/** One level of a load test: a concurrency (closed model) or an arrival rate (open model). */
export interface LoadLevelResult {
  model: "closed" | "open";
  /** Which load generator produced the numbers. */
  generator: "crudbench" | "wrk";
  /** Connections (closed: concurrent requests). */
  concurrency: number;
  /** Requests per second asked for (open model). */
  target_rate: number | null;
  achieved_rps: number;
  /** Closed: per request. Open: from each request's intended start (coordinated-omission corrected). */
  latency: LoadLatency;
  /** Open model only: from the actual send, which hides queueing behind a stalled server. */
  uncorrected_latency: LoadLatency | null;
  /** Failed requests by cause: HTTP status, "timeout", "network", "invalid-body". */
  errors: Record<string, number>;
  /** Open model: requests due that could not even be queued. */
  dropped: number;
  /** CPU the generator used, as a percentage of one core; null where not measured (wrk is a separate program). */
  generator_cpu_percent: number | null;
  /** p99 of the generator's event-loop delay; null where not measured (wrk has no Node event loop). */
  event_loop_delay_p99_ms: number | null;
  /**
   * The generator, not the target, may have been the limit (CPU > 70% of a core, late timers, or short of the rate);
   * null where the generator was not watched (wrk), so nothing is known either way.
   */
  generator_bound: boolean | null;
}

export interface LoadResults {
  mix: "read" | "write" | "crud";
  slo_p99_ms: number;
  closed: LoadLevelResult[];
  open: LoadLevelResult[];
  /** Highest open-model rate whose corrected p99 met the objective with no errors or drops. */
  sustainable_rps: number | null;
}

export interface TargetResult extends TargetDescription {
  status: TargetStatus;
  /** Why the target is not `measured`; absent when it is. */
  reason?: string;
  conformance?: ConformanceResults;
  /** Rounds measured to the end (fewer than config.rounds when the target failed or the run was stopped). */
  rounds_completed?: number;
  single?: SingleResults;
  bulk?: BulkResults;
  memory?: MemoryResults;
  /** Memory of the database server's processes while this target ran (never counted in `memory`). */
  database_memory?: MemoryResults;
  /** Throughput under concurrency (`crudbench load`, `run --load`). */
  load?: LoadResults;
  /** Statements per request type; only where the database reports them (PostgreSQL). */
  statements_per_request?: StatementsPerRequest;
  /** The target's own output, relative to the results folder. */
  log_file?: string;
  duration_s: number;
}
