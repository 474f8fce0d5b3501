/**
 * The shape of results.json, the canonical artefact every report is rendered from.
 * spec/results.schema.json is generated from this file (`npm run schema`), doc comments
 * becoming descriptions; a test fails while the committed schema is stale.
 * Field names are snake_case and carry their unit (`_ms`, `_mb`). The sessions' evidence
 * (batches, paired comparisons, the A/A control, sizing) is in session-evidence.ts.
 */

import type { BatchRecord, ControlNotMeasured, ControlResult, RunSizing, TargetComparison } from "./session-evidence.js";
export type { BatchRecord, ControlNotMeasured, ControlResult, PairedRatio, RunSizing, TargetComparison, VarianceLevels } from "./session-evidence.js";
import type { BuildCost } from "./cost-types.js";
import type { LevelMeasurement, LoadResults } from "./load-types.js";
export type { LevelChecks, LevelMeasurement, LevelVerdict, LoadLatency, LoadLevelResult, LoadResults } from "./load-types.js";
export type { ArtefactSize, BuildCost, DependencyCounts, LanguageLines, LinesOfCode, PrepareRecord } from "./cost-types.js";
import type { ColdStart, CpuPerRequest, LatencyAnatomy, StatementsUnderMeasurement } from "./anatomy-types.js";
import type { ClaimsEvaluation } from "./claims-types.js";
export type { ClaimOutcome, ClaimPart, ClaimsEvaluation, ClaimVerdict } from "./claims-types.js";
export type { ColdStart, CpuPerRequest, LatencyAnatomy, StartTimes, StatementsUnderMeasurement } from "./anatomy-types.js";


/**
 * 9: what is not known is null, not a placeholder: config.database, pool_size,
 * request_timeout_ms, load.duration_ms/warmup_ms/open_connections/seed_tasks, a target's
 * server.processes and (imported) conformance. Every schema-8 file is a valid schema-9 file.
 * 8: remote targets (`remote`, conformance `skipped`), Locust (`generator: "locust"`, load `engine`, `imported`). 7: `claims`, the claims checked against the run. 3: latency is measured in sessions of interleaved blocks; comparisons are paired; every
 * timed batch is recorded (`batches`); the A/A control (`control`). 2: a target's outcome is a
 * union on `status`; config.latency and config.load may be null.
 */
export const RESULTS_SCHEMA_VERSION = 9;
/** Older schemas whose every file is also a valid file of this one (9 only let more fields be null): read as this one. */
export const COMPATIBLE_SCHEMA_VERSIONS: readonly number[] = [8];

/**
 * A whole number of things (requests, sessions, processes): an integer ≥ 0 in the schema.
 * @asType integer
 * @minimum 0
 */
export type Count = number;

/**
 * A whole number of at least 1 (an every-n-th).
 * @asType integer
 * @minimum 1
 */
export type PositiveCount = number;

export const CRUD_OPERATIONS = ["create", "read", "update", "delete"] as const;
export type CrudOperation = (typeof CRUD_OPERATIONS)[number];

/**
 * The canonical output of `crudbench run` (and `load`); every report is rendered from it.
 * Times are milliseconds (`_ms`), memory megabytes of 2^20 bytes (`_mb`).
 */
export interface Results {
  schema_version: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: "crudbench"; version: string };
  run: {
    /** UTC start time, path-safe (2026-11-26T10-17-07Z); the run's folder under results/ unless `-o` chose one. */
    id: string;
    started_at: string;
    finished_at: string | null;
    /** `running` while targets are still being measured (the file is rewritten after each). */
    status: "running" | "complete" | "interrupted";
    /** CPU time the harness itself used while measuring, as a percentage of one core. */
    harness_cpu_percent: number | null;
    /**
     * What timed every latency request: the native engine, or the in-process fallback and why.
     * Null until the engine is chosen, and for a run without latency sessions (`crudbench load`).
     */
    timing: { engine: "native" | "undici-dispatch"; fallback_reason: string | null } | null;
    /** Wall-clock seconds of the latency sessions (start of the first to end of the last); null until they ran. */
    latency_s: number | null;
  };
  environment: Environment;
  config: RunConfigRecord;
  targets: TargetResult[];
  /** Every pair of measured targets, for every metric: paired over sessions, built from `batches`. */
  comparisons: TargetComparison[];
  /**
   * Every timed batch of the latency sessions, in the order run: the evidence the paired
   * comparisons are computed from, and of the machine's drift while they ran.
   */
  batches: BatchRecord[];
  /**
   * The A/A control: the same echo server measured twice per block under two names. Its ratio
   * interval is this run's method precision. Null when no session ran, with `reason` when the
   * control could not be measured.
   */
  control: ControlResult | ControlNotMeasured | null;
  /** Memory of the database server's processes during the sessions (every target shares it); null without a server (SQLite). */
  database_memory: MemoryResults | null;
  /**
   * How statements per request were counted while the targets were measured (`method`, e.g.
   * "pg_stat_statements"), or why they were not (`reason`); conformance counts them apart.
   */
  statement_counting: { method: string | null; reason: string | null };
  /** Where this run's variance was and what its levels cost: the evidence for sizing sessions and blocks. Null before two sessions ran. */
  sizing: RunSizing | null;
  /** The load generators' own ceilings, measured against a bare HTTP echo server. */
  calibration?: LevelMeasurement[];
  /**
   * The harness floor: sequential GETs to a bare echo server (no framework, no database),
   * timed by this run's engine and, where installed, by `wrk -t1 -c1`. Null when the latency
   * sessions did not run; `error` says why a measurement is missing.
   */
  floor: HarnessFloor | null;
  /** The claims checked against this run (`run --claims FILE`); null when none were given. */
  claims: ClaimsEvaluation | null;
  /**
   * Present when these results were not measured by crudbench but imported from another
   * tool's output (`crudbench import locust`): which files, and every field that could not be
   * known from them, with the reason (such a field is null, or, for a description string,
   * "unknown").
   */
  imported?: ImportedRun;
}

/** Where imported results came from, and what they cannot say. */
export interface ImportedRun {
  from: "locust";
  /** The files read, as given. */
  files: string[];
  /** Field path in results.json (e.g. "environment", "targets[].conformance") → why it is not known. */
  unknown: Record<string, string>;
}

/** One client's latency against the echo server. */
export interface FloorMeasurement {
  median_ms: number;
  p99_ms: number;
  requests: Count;
}

export interface HarnessFloor {
  engine: "native" | "undici-dispatch";
  /** This run's engine on the echo server; null when it could not be measured (`error`). */
  measured: FloorMeasurement | null;
  /** `wrk -t1 -c1` on the same server; null where wrk is not installed or failed (`error`). */
  wrk: FloorMeasurement | null;
  /** Why a measurement above is null. */
  error: string | null;
}

/** single.read, bulk.create, … */
export type MetricName = `${"single" | "bulk"}.${CrudOperation}`;


export interface Environment {
  os: string;
  kernel: string;
  arch: string;
  cpu_model: string;
  cpu_count: Count;
  total_memory_mb: number;
  /** Load average when the run started. */
  load_average_1m: number;
  /** Versions of the toolchains found on PATH (`null` when absent). */
  toolchains: Record<string, string | null>;
}

export interface RunConfigRecord {
  /**
   * The database the harness gave its local targets; null when it gave none: every target was
   * remote (each uses its own server's) or the run was imported (the reason is in
   * `imported.unknown`).
   */
  database: "sqlite" | "postgres" | null;
  /** The database server or library, its version and the settings every target ran with. */
  database_server: { version: string | null; managed: boolean; settings: Record<string, string> };
  /** DATABASE_POOL_SIZE: connections each local target server process may open; null where no target was local (as `database`). */
  pool_size: Count | null;
  /** The latency sessions; null when none were asked for (`crudbench load`). */
  latency: LatencyConfig | null;
  /** The load stage; null when it was not run. */
  load: LoadConfigRecord | null;
  bootstrap_resamples: Count;
  bootstrap_seed: Count;
  /** Ratio changes smaller than this share count as "~ no difference". */
  noise_threshold: number;
  /** CPUs the harness and the targets were pinned to (taskset), or null when not pinned. */
  cpu_pinning: { harness: string; targets: string } | null;
  /** Per-request timeout; null for an imported run (the locustfile's is not in Locust's files). */
  request_timeout_ms: number | null;
  targets: string[];
}

/**
 * How the latency sessions were run (`crudbench run`). A session starts every target at once
 * (each on a fresh database) plus the echo control, warms each up, then runs `blocks` blocks;
 * in a block every target runs one batch per operation, in a seeded, balanced order.
 */
export interface LatencyConfig {
  /** Sessions: every target is started afresh this many times. */
  sessions: Count;
  /** Blocks per session. */
  blocks: Count;
  /** Timed sequential requests per single-operation batch (one batch per operation per block). */
  batch: Count;
  /**
   * Timed requests per turn. In a step the units take turns: each sends `rewarm` untimed,
   * then up to `turn` timed requests, the next unit follows, and so on until every batch is
   * done (the order rotating by one each turn). `turn` = `batch` sends whole batches in turn.
   */
  turn: PositiveCount;
  /** Untimed requests at the start of every turn (take what the unit before left on the shared CPU: its post-response work, evicted caches). */
  rewarm: Count;
  /** Untimed mixed requests (create, read, update, delete in turn) per target per session, before the first block. */
  warmup: Count;
  /** Tasks per bulk operation. */
  bulk_size: Count;
  /**
   * Bulk repetitions run in every n-th block (1, 1 + n, …), one per target: a repetition costs
   * about as much as all single batches of a block together.
   */
  bulk_every: PositiveCount;
  /** Untimed bulk repetitions per target per session, before the first block. */
  bulk_warmup: Count;
  /** Seed of the block orders (reproducible). */
  order_seed: Count;
  memory_interval_ms: number;
  /** Memory read after every target is ready and before any request, per session. */
  idle_window_ms: number;
}

/** How the load stage was run (`crudbench load`, `run --load`). */
export interface LoadConfigRecord {
  mix: "read" | "write" | "crud";
  /** Closed model: concurrent connections per level. */
  levels: Count[];
  /** Open model: arrival rates (req/s) swept. */
  rates: number[];
  /** Measured time per level, and the unmeasured time before it; null for an imported run (Locust's files do not hold what was asked for). */
  duration_ms: number | null;
  warmup_ms: number | null;
  slo_p99_ms: number;
  /** Connections the open-model generator may use; null for an imported run. */
  open_connections: Count | null;
  /** Tasks created before the load; null for an imported run (each Locust worker seeds its own). */
  seed_tasks: Count | null;
  /** wrk was asked for (it drives the closed-model peak only where installed). */
  use_wrk: boolean;
  /**
   * What drives the closed-model levels: crudbench's own generator (or its native engine), or
   * Locust (`--engine locust`; its open levels, only where rates were asked for, are Locust's
   * pacing, with no corrected latency: load/locust/locust-open.ts).
   */
  engine: "crudbench" | "locust";
  /** Locust's worker processes (`--workers`); null with crudbench's engine. */
  locust_workers: PositiveCount | null;
}

/** The load as crudbench plans and runs it itself: every setting known (only an imported run lacks some). */
export type LoadPlan = LoadConfigRecord & { duration_ms: number; warmup_ms: number; open_connections: Count; seed_tasks: Count };

/**
 * An interval of a median over sessions, labelled with the coverage its construction really
 * has (an order-statistic interval over S values covers 1 − 2·P(Binomial(S, ½) < k), not a
 * round 95%).
 */
export interface MedianInterval {
  low_ms: number;
  high_ms: number;
  /** The interval's true coverage, e.g. 0.9922 for [min, max] of 8 sessions. */
  coverage: number;
  /** The order statistics used: the k-th lowest and k-th highest session median. */
  rank: Count;
}

/** A statistic taken within each session, with its spread across sessions. */
export interface SessionSpread {
  sessions_ms: number[];
  median_ms: number;
  min_ms: number;
  max_ms: number;
}

/**
 * Latency of one operation over all sessions, in milliseconds. The unit of replication is
 * the session: each contributes its median, and the median and its interval come from
 * those. Tails and outliers are taken within each session, never over requests pooled
 * across sessions. Statistics are null when no sample succeeded; the interval and the CV
 * are also null with a single measured session.
 */
export interface Distribution {
  /** Successful timed samples, all sessions. */
  count: Count;
  /** Requests that got an unexpected status, an invalid body, or no answer in time (warm-up included). */
  errors: Count;
  /** The median of each session's timed samples, in session order. */
  sessions_ms: number[];
  /** Median of the session medians. */
  median_ms: number | null;
  /** Order-statistic interval of that median with its true coverage; null with fewer than two sessions. */
  median_interval: MedianInterval | null;
  /** Coefficient of variation of the session medians; null with fewer than two sessions. */
  cv: number | null;
  /** ok ≤ 5% < noisy ≤ 10% < very-noisy; null with one session. */
  noise: "ok" | "noisy" | "very-noisy" | null;
  min_ms: number | null;
  max_ms: number | null;
  /** p99 within each session; null for bulk operations (too few samples per session for a tail). */
  p99: SessionSpread | null;
  /** Samples beyond Tukey's fences (1.5 × IQR) of their own session, summed; counted and kept. */
  outliers: { low: Count; high: Count };
  /** The HDR histogram of every timed sample (microseconds), compressed base64, for later re-analysis. */
  hdr: string | null;
  /** Timed samples that opened a connection (a reconnect): their time includes the TCP handshake. */
  fresh_connections: Count;
  /** Where the time went (Server-Timing); null for bulk operations and when no timed response carried the header. */
  anatomy: LatencyAnatomy | null;
  /** CPU per request of the target's process tree; null where /proc gives no per-thread run time. */
  cpu: CpuPerRequest | null;
  /** SQL statements per request while measured; null where the database cannot count them without slowing the target (see statement_counting). */
  statements: StatementsUnderMeasurement | null;
  /** The first few error descriptions, for diagnosis. */
  error_examples?: string[];
}

export type SingleResults = Record<CrudOperation, Distribution>;
export type BulkResults = { size: Count } & Record<CrudOperation, Distribution>;

export interface MemoryResults {
  /** Median over sessions of the idle RSS of the whole process tree after readiness, before any request. */
  idle_rss_mb: number;
  /** Highest RSS of the whole process tree seen in any session. */
  peak_rss_mb: number;
  idle_rss_mb_sessions: number[];
  peak_rss_mb_sessions: number[];
  /** The same as PSS (shared pages split among processes); null where /proc hides it. */
  idle_pss_mb: number | null;
  peak_pss_mb: number | null;
  /** Most processes seen in the tree at once. */
  processes: Count;
  samples: Count;
  interval_ms: number;
}

export interface ConformanceCaseResult {
  id: string;
  description: string;
  /** skipped: the case cannot run on this target (a remote one), `reason` says why; it is not counted as passed. */
  outcome: "passed" | "failed" | "skipped";
  reason?: string;
}

export interface ConformanceResults {
  passed: Count;
  failed: Count;
  /** Cases that could not run on this target (a remote one); absent when none was skipped. */
  skipped?: Count;
  cases: ConformanceCaseResult[];
}

export interface TargetDescription {
  name: string;
  display_name: string;
  language: string;
  framework: { name: string; version: string };
  /** "unknown" for a remote target. */
  data_access: { style: "raw" | "orm" | "unknown"; library: string; version: string };
  /** Server processes; null where crudbench did not start the server (remote, imported), whose model then says where it was. */
  server: { processes: Count | null; threads_per_process: Count | null; model: string; notes: string | null };
  /** Present for a server started elsewhere (`--url NAME=URL`): where it is, and why what crudbench cannot measure there is null. */
  remote?: RemoteTarget;
}

/**
 * A target crudbench did not start. Memory, CPU per request, cold start, build cost and
 * statement counts are null for it, each with its reason here; latency anatomy is measured
 * when the server sends Server-Timing.
 */
export interface RemoteTarget {
  url: string;
  not_measured: {
    memory: string;
    cpu: string;
    cold_start: string;
    build_cost: string;
    statements: string;
    /** Applies only where `anatomy` is null. */
    anatomy: string;
  };
  /** What a session is for this target: the client side replicated, the server never restarted. */
  sessions: string;
}

/** Average SQL statements the database executed per request (pg_stat_statements; BEGIN/COMMIT included). */
export interface StatementsPerRequest {
  create: number;
  read: number;
  update: number;
  delete: number;
  list: number;
}

/** What the measured stages produced; present once measuring has begun. Null: that stage did not run or produced nothing. */
export interface Measurements {
  /** Latency sessions measured to the end (fewer than config.latency.sessions when the target failed or the run was stopped). */
  sessions_completed: Count;
  single: SingleResults | null;
  bulk: BulkResults | null;
  memory: MemoryResults | null;
  /** Spawn to ready and to the first write, once per session start; null before a session started it. */
  cold_start: ColdStart | null;
  /** Throughput under concurrency (`crudbench load`, `run --load`); null when not run. */
  load: LoadResults | null;
}

/** Passed the conformance gate. */
interface Qualified {
  /** null: not checked by crudbench (an imported run; `imported.unknown` says why). */
  conformance: ConformanceResults | null;
  /** Statements per request type, where the database or driver reports them; null otherwise. */
  statements_per_request: StatementsPerRequest | null;
  /** What the target costs to build and keep (source lines, dependencies, artefacts, prepare time), measured after its prepare. */
  build_cost: BuildCost;
}

/**
 * Where a target ended up, as a union on `status`; each state carries its own fields.
 * - skipped: does not support the run's database.
 * - failed-prepare / failed-start / failed-conformance: never measured.
 * - interrupted: the run was stopped before this target was measured.
 * - qualified: passed the gate; nothing measured yet (a run in progress, or one killed).
 * - measuring: measuring has begun and not ended (the file is rewritten after every step; a
 *   run killed outright leaves this, with `run.status` still "running").
 * - measured: every stage asked for ran to the end.
 * - partial: measuring began and stopped early (`stopped_by`); what was measured is kept.
 */
export type TargetOutcome =
  | { status: "skipped"; reason: string }
  | { status: "failed-prepare"; reason: string }
  | { status: "failed-start"; reason: string }
  | { status: "failed-conformance"; reason: string; conformance: ConformanceResults }
  | { status: "interrupted"; reason: string; conformance: ConformanceResults | null }
  | ({ status: "qualified" } & Qualified)
  | ({ status: "measuring" } & Qualified & Measurements)
  | ({ status: "measured" } & Qualified & Measurements)
  | ({ status: "partial"; stopped_by: PartialCause; reason: string } & Qualified & Measurements);

export type TargetStatus = TargetOutcome["status"];
export type PartialCause = "crashed" | "failed-start" | "failed-workload" | "interrupted";

/**
 * A target in results.json: what it is, where it ended up (`status`; each status carries
 * its own fields, as TargetOutcome in src/results/types.ts explains) and what that took.
 */
export type TargetResult = TargetDescription &
  TargetOutcome & {
    /** Problems that did not stop measurement (requests that failed validation, statements not counted); any makes the exit code 1. */
    warnings: string[];
    /** The target's own output, relative to the results folder. */
    log_file: string;
    duration_s: number;
  };

/** A target with measurements (complete or partial). */
export type MeasuredTarget = Extract<TargetResult, { status: "measuring" | "measured" | "partial" }>;
