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
  };
  environment: Environment;
  config: RunConfigRecord;
  targets: TargetResult[];
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
  /** Measured sequential requests per single operation. */
  iterations: number;
  /** Untimed requests per single operation before measuring. */
  warmup: number;
  bulk_size: number;
  /** Timed repetitions of each bulk operation. */
  bulk_repeats: number;
  /** Untimed bulk rounds before the timed ones. */
  bulk_warmup: number;
  request_timeout_ms: number;
  memory_interval_ms: number;
  idle_window_ms: number;
  targets: string[];
}

/** Latency distribution of one operation, in milliseconds; the statistics are null when no sample succeeded. */
export interface Distribution {
  /** Successful timed samples. */
  count: number;
  /** Timed attempts that failed validation, got an unexpected status or no answer. */
  errors: number;
  min_ms: number | null;
  p25_ms: number | null;
  median_ms: number | null;
  p75_ms: number | null;
  mean_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  stddev_ms: number | null;
  /** The first few error descriptions, for diagnosis. */
  error_examples?: string[];
}

export type SingleResults = Record<CrudOperation, Distribution>;
export type BulkResults = { size: number } & Record<CrudOperation, Distribution>;

export interface MemoryResults {
  /** Median RSS of the whole process tree while idle after readiness. */
  idle_rss_mb: number;
  /** Highest RSS of the whole process tree seen during the workloads. */
  peak_rss_mb: number;
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

export interface TargetResult extends TargetDescription {
  status: TargetStatus;
  /** Why the target is not `measured`; absent when it is. */
  reason?: string;
  conformance?: ConformanceResults;
  single?: SingleResults;
  bulk?: BulkResults;
  memory?: MemoryResults;
  /** The target's own output, relative to the results folder. */
  log_file?: string;
  duration_s: number;
}
