import { RESULTS_SCHEMA_VERSION, type Environment, type LevelMeasurement, type Results } from "../../results/types.js";
import { DEFAULT_NOISE_THRESHOLD } from "../../stats/compare.js";
import { judged } from "../../stats/load-verdict.js";
import type { MixName } from "../mix.js";
import { locustLevel, parseCsv } from "./locust-stats.js";

/** One Locust run's CSV output (`--csv PREFIX`): PREFIX_stats.csv, PREFIX_failures.csv and, if kept, PREFIX_stats_history.csv. */
export interface LocustCsvRun {
  prefix: string;
  stats: string;
  failures: string;
  history: string | undefined;
}

const SUFFIXES = ["_stats_history.csv", "_stats.csv", "_failures.csv"] as const;

/**
 * The runs among the files given, by prefix: each needs its _stats.csv and _failures.csv;
 * _stats_history.csv is optional, other files (_exceptions.csv) are ignored. Every problem is
 * returned at once. Pure (reads through `read`).
 */
export function groupLocustFiles(files: readonly string[], read: (file: string) => string): { runs: LocustCsvRun[]; problems: string[] } {
  const byPrefix = new Map<string, Partial<Record<(typeof SUFFIXES)[number], string>>>();
  const problems: string[] = [];
  for (const file of files) {
    const suffix = SUFFIXES.find((s) => file.endsWith(s));
    if (!suffix) {
      if (!file.endsWith("_exceptions.csv")) problems.push(`${file}: not a Locust --csv file (*_stats.csv, *_failures.csv, *_stats_history.csv)`);
      continue;
    }
    const prefix = file.slice(0, -suffix.length);
    byPrefix.set(prefix, { ...byPrefix.get(prefix), [suffix]: file });
  }
  const runs: LocustCsvRun[] = [];
  for (const [prefix, found] of byPrefix) {
    const missing = (["_stats.csv", "_failures.csv"] as const).filter((s) => !found[s]);
    if (missing.length > 0) {
      problems.push(`${prefix}: ${missing.map((s) => `${prefix}${s}`).join(" and ")} not given (a level needs both, its failures by cause come from the second)`);
      continue;
    }
    runs.push({ prefix, stats: read(found["_stats.csv"]!), failures: read(found["_failures.csv"]!), history: found["_stats_history.csv"] ? read(found["_stats_history.csv"]) : undefined });
  }
  return { runs, problems };
}

/** Aggregated rows of a history file: one per second, cumulative counts; the same second once (its last row). Pure. */
function historyPoints(history: string): { t: number; users: number; answered: number }[] {
  const points = new Map<number, { t: number; users: number; answered: number }>();
  for (const row of parseCsv(history)) {
    if (row.Name !== "Aggregated") continue;
    const t = Number(row.Timestamp);
    const answered = Number(row["Total Request Count"]) - Number(row["Total Failure Count"]);
    if (Number.isFinite(t) && Number.isFinite(answered)) points.set(t, { t, users: Number(row["User Count"]) || 0, answered });
  }
  return [...points.values()].sort((a, b) => a.t - b.t);
}

/** The most users Locust ran in a history file: the level's connections; undefined without a history. Pure. */
export function usersOf(history: string | undefined): number | undefined {
  if (history === undefined) return undefined;
  const users = Math.max(0, ...historyPoints(history).map((p) => p.users));
  return users > 0 ? users : undefined;
}

/**
 * Fewer history seconds than this, and the quarters are not made. In a distributed run each
 * worker reports its counts to the master every 3 s, unsynchronised: the history's totals are
 * stale by up to that much of one worker's throughput, so a quarter must be long (15 s) for
 * the error at its edges to stay a few per cent of it.
 */
export const MIN_HISTORY_SECONDS = 60;

/**
 * Answered requests per second in each quarter of the run, from the history's cumulative
 * counts at the moments they changed (a worker's report arrived; between reports the totals
 * only repeat), interpolated linearly between those moments, from the first sample with
 * users to the last change; null for a run under MIN_HISTORY_SECONDS. Pure.
 */
export function quartersFromHistory(history: string): number[] | null {
  const points = historyPoints(history);
  const start = points.findIndex((p) => p.users > 0);
  if (start < 0) return null;
  const window = points.slice(start).filter((p, i, all) => i === 0 || p.answered !== all[i - 1]!.answered);
  const t0 = window[0]!.t;
  const span = window.at(-1)!.t - t0;
  if (span < MIN_HISTORY_SECONDS) return null;
  const at = (t: number) => {
    const after = window.findIndex((p) => p.t >= t);
    const b = window[after]!;
    if (after === 0 || b.t === t) return b.answered;
    const a = window[after - 1]!;
    return a.answered + ((b.answered - a.answered) * (t - a.t)) / (b.t - a.t);
  };
  const quarter = span / 4;
  return [0, 1, 2, 3].map((q) => Math.round(((at(t0 + (q + 1) * quarter) - at(t0 + q * quarter)) / quarter) * 10) / 10);
}

export interface ImportOptions {
  /** The target's name in the results (the Locust files do not say what was measured). */
  target: string;
  mix: MixName;
  sloP99Ms: number;
  /** Users per run where a run has no history (whose User Count says it). */
  users?: number | undefined;
  /** When the import ran: the run's id and times. */
  now: Date;
  environment: Environment;
  toolVersion: string;
}

/** A level from one Locust run's CSV files; its connections from --users or the history. Pure. */
export function importedLevel(run: LocustCsvRun, users: number | undefined): LevelMeasurement {
  try {
    const connections = usersOf(run.history) ?? users;
    if (connections === undefined) throw new RangeError(`${run.prefix}: how many users ran is not known: give ${run.prefix}_stats_history.csv, or --users`);
    return { ...locustLevel(run.stats, run.failures, connections), quarters_rps: run.history === undefined ? null : quartersFromHistory(run.history) };
  } catch (error) {
    if (error instanceof RangeError) throw error;
    // A file that is not what Locust writes (cut short, edited, another CSV): the user's input, named.
    throw new LocustFilesError(`${run.prefix}: not Locust's --csv output: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A run's files could not be read as Locust's CSV output. */
export class LocustFilesError extends Error {}

const UNKNOWN = "unknown";

/**
 * results.json for Locust runs made elsewhere (`crudbench export locust`, then Locust with
 * --csv): one closed level per run, judged as crudbench judges its own, in one target. What
 * Locust's files cannot say is a placeholder, each listed in `imported.unknown` with the
 * reason. Pure.
 */
export function importedResults(runs: readonly LocustCsvRun[], files: readonly string[], options: ImportOptions): Results {
  const levels = runs.map((run) => judged(importedLevel(run, options.users), { sloP99Ms: options.sloP99Ms })).sort((a, b) => a.concurrency - b.concurrency);
  const id = options.now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
  const notMeasured = "imported from Locust's CSV files, which hold only the load's statistics";
  return {
    schema_version: RESULTS_SCHEMA_VERSION,
    tool: { name: "crudbench", version: options.toolVersion },
    run: { id, started_at: options.now.toISOString(), finished_at: options.now.toISOString(), status: "complete", harness_cpu_percent: null, timing: null, latency_s: null },
    environment: options.environment,
    config: {
      database: null,
      database_server: { version: null, managed: false, settings: {} },
      pool_size: null,
      latency: null,
      load: {
        mix: options.mix,
        levels: levels.map((level) => level.concurrency),
        rates: [],
        duration_ms: null,
        warmup_ms: null,
        slo_p99_ms: options.sloP99Ms,
        open_connections: null,
        seed_tasks: null,
        use_wrk: false,
        engine: "locust",
        locust_workers: null,
      },
      // No latency sessions: nothing was resampled, and no comparison used a threshold.
      bootstrap_resamples: 0,
      bootstrap_seed: 0,
      noise_threshold: DEFAULT_NOISE_THRESHOLD,
      cpu_pinning: null,
      request_timeout_ms: null,
      targets: [options.target],
    },
    targets: [
      {
        name: options.target,
        display_name: options.target,
        language: UNKNOWN,
        framework: { name: UNKNOWN, version: UNKNOWN },
        data_access: { style: "raw", library: UNKNOWN, version: UNKNOWN },
        server: { processes: null, threads_per_process: null, model: UNKNOWN, notes: null },
        status: "measured",
        conformance: null,
        statements_per_request: null,
        build_cost: { lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: notMeasured, dependencies: notMeasured, artefact: notMeasured, prepare: notMeasured } },
        sessions_completed: 0,
        single: null,
        bulk: null,
        memory: null,
        cold_start: null,
        load: { mix: options.mix, slo_p99_ms: options.sloP99Ms, closed: levels, open: [], sustainable_rps: null },
        warnings: [],
        log_file: "",
        duration_s: 0,
      },
    ],
    comparisons: [],
    batches: [],
    control: null,
    database_memory: null,
    statement_counting: { method: null, reason: notMeasured },
    sizing: null,
    floor: null,
    claims: null,
    imported: {
      from: "locust",
      files: [...files],
      unknown: {
        environment: "the machines Locust ran on are not in its files: this is the machine that imported them",
        "config.database": "which database the target used is not in Locust's files",
        "config.pool_size": "how many database connections the target opened is not in Locust's files",
        "config.load.duration_ms": "Locust's files hold the rate over its own window, not the --run-time asked for",
        "config.load.warmup_ms": "not in Locust's files",
        "config.load.open_connections": "an import reads closed levels only (one per run, its users the connections)",
        "config.load.seed_tasks": "each Locust worker seeds its own tasks, and their number is not in Locust's files",
        "config.load.mix": "not in Locust's files: the mix given to the import (--mix)",
        "config.load.locust_workers": "not in Locust's files",
        "config.cpu_pinning": "how Locust and the target were placed on CPUs is not in Locust's files",
        "config.request_timeout_ms": "the locustfile's timeout is not in Locust's files",
        "targets[]": "what the target is (language, framework, data access, server) is not in Locust's files: \"unknown\", and how many processes it ran is not known",
        "targets[].conformance": "the target was not checked by crudbench: its conformance is not known, and not passed",
        "targets[].load.closed[].verdict.checks.ceiling_share": "Locust's ceiling on the machines that ran it is not in its files: its headroom is not judged",
        "targets[].load.open": "an import reads closed levels only: a paced Locust run is not told apart from an unpaced one in its files",
        "targets[].load.closed[].latency": "Locust's percentiles are whole milliseconds and include failed requests: unknown where any request failed",
        "targets[].load.closed[].generator_cpu_percent": "Locust does not record its CPU",
        "targets[].load.closed[].dispatch_lag_p99_ms": "Locust does not record when a user sent later than it could have",
        "targets[].load.closed[].quarters_rps": `from *_stats_history.csv where given and at least ${MIN_HISTORY_SECONDS} s long (its workers report every 3 s, so shorter quarters would be noise), else not made`,
      },
    },
  };
}
