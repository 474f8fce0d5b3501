import { buildComparisons } from "../../src/stats/aggregate.js";
import type { Results, TargetResult } from "../../src/results/types.js";
import { distributionFromRounds } from "../../src/stats/distribution.js";

/** Five rounds whose medians are exactly `median` ± 1%, three requests each. */
function around(median: number) {
  const rounds = [1, 1.01, 0.99, 1.005, 0.995].map((f) => [median * f * 0.9, median * f, median * f * 1.5]);
  return distributionFromRounds(rounds, 0, [], { resamples: 1000, seed: 7, confidence: 0.95 });
}

export function fixtureTarget(name: string, language: string, style: "raw" | "orm", medianMs: number, overrides: Partial<TargetResult> = {}): TargetResult {
  return {
    name,
    display_name: name,
    language,
    framework: { name: name.split("-")[0]!, version: "1.0" },
    data_access: { style, library: style === "orm" ? "SQLAlchemy" : "sqlite3", version: "1.0" },
    server: { processes: 2, threads_per_process: null, model: "workers", notes: null },
    status: "measured",
    conformance: { passed: 1, failed: 0, cases: [{ id: "health-ok", description: "health", outcome: "passed" }] },
    rounds_completed: 5,
    single: { create: around(medianMs * 2), read: around(medianMs), update: around(medianMs * 2), delete: around(medianMs * 1.5) },
    bulk: { size: 100, create: around(medianMs * 200), read: around(medianMs * 3), update: around(medianMs * 200), delete: around(medianMs * 150) },
    memory: { idle_rss_mb: 40, peak_rss_mb: 48.5, idle_rss_mb_rounds: [40, 40, 40, 40, 40], peak_rss_mb_rounds: [48, 48.5, 48, 48, 48], idle_pss_mb: 30, peak_pss_mb: 35, processes: 3, samples: 40, interval_ms: 100 },
    log_file: `logs/${name}.log`,
    duration_s: 3.2,
    ...overrides,
  };
}

export function fixtureResults(targets: TargetResult[]): Results {
  const config: Results["config"] = {
    database: "sqlite",
    database_server: { version: "3.53.0", managed: true, settings: { journal_mode: "WAL", synchronous: "NORMAL", busy_timeout: "5000" } },
    pool_size: 4,
    rounds: 5,
    iterations: 200,
    warmup: 20,
    bulk_size: 100,
    bulk_repeats: 3,
    bulk_warmup: 1,
    request_timeout_ms: 10000,
    memory_interval_ms: 100,
    idle_window_ms: 1000,
    bootstrap_resamples: 1000,
    bootstrap_seed: 7,
    noise_threshold: 0.02,
    cpu_pinning: { harness: "0", targets: "1" },
    targets: targets.map((t) => t.name),
  };
  return {
    schema_version: 1,
    tool: { name: "crudbench", version: "0.1.0" },
    run: { id: "2026-11-26T10-00-00Z", started_at: "2026-11-26T10:00:00.000Z", finished_at: "2026-11-26T10:01:00.000Z", status: "complete", harness_cpu_percent: 35 },
    environment: {
      os: "Debian GNU/Linux 12 (bookworm)",
      kernel: "6.1.0",
      arch: "x64",
      cpu_model: "Test CPU",
      cpu_count: 2,
      total_memory_mb: 24000,
      load_average_1m: 0.1,
      toolchains: { node: "v20.20.2", python3: "Python 3.11.7", rustc: null },
    },
    config,
    targets,
    comparisons: buildComparisons(targets, config),
  };
}
