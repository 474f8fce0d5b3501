import { toDistribution } from "../../src/workloads/operation-recorder.js";
import type { Results, TargetResult } from "../../src/results/types.js";

/** A distribution whose median is exactly `median` (three samples around it). */
function around(median: number) {
  return toDistribution([median * 0.9, median, median * 1.5], 0);
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
    single: { create: around(medianMs * 2), read: around(medianMs), update: around(medianMs * 2), delete: around(medianMs * 1.5) },
    bulk: { size: 100, create: around(medianMs * 200), read: around(medianMs * 3), update: around(medianMs * 200), delete: around(medianMs * 150) },
    memory: { idle_rss_mb: 40, peak_rss_mb: 48.5, idle_pss_mb: 30, peak_pss_mb: 35, processes: 3, samples: 40, interval_ms: 100 },
    log_file: `logs/${name}.log`,
    duration_s: 3.2,
    ...overrides,
  };
}

export function fixtureResults(targets: TargetResult[]): Results {
  return {
    schema_version: 1,
    tool: { name: "crudbench", version: "0.1.0" },
    run: { id: "2026-11-26T10-00-00Z", started_at: "2026-11-26T10:00:00.000Z", finished_at: "2026-11-26T10:01:00.000Z", status: "complete" },
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
    config: {
      database: "sqlite",
      iterations: 200,
      warmup: 20,
      bulk_size: 100,
      bulk_repeats: 10,
      bulk_warmup: 1,
      request_timeout_ms: 10000,
      memory_interval_ms: 100,
      idle_window_ms: 1000,
      targets: targets.map((t) => t.name),
    },
    targets,
  };
}
