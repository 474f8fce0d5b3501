import { parse } from "csv-parse/sync";
import type { LevelMeasurement } from "../../results/types.js";

/**
 * Rows of a CSV file as Locust's Python `csv` module writes it (quoted fields may hold commas
 * and quotes), keyed by its header. Strict otherwise: a row with more or fewer fields than the
 * header is an error, not a guess. Pure.
 */
export function parseCsv(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true });
}

/** The percentiles Locust writes to *_stats.csv (its PERCENTILES_TO_REPORT), as crudbench's spectrum takes them. */
const PERCENTILE_COLUMNS: readonly [column: string, percentile: number][] = [
  ["50%", 50],
  ["66%", 66],
  ["75%", 75],
  ["80%", 80],
  ["90%", 90],
  ["95%", 95],
  ["98%", 98],
  ["99%", 99],
  ["99.9%", 99.9],
  ["99.99%", 99.99],
  ["100%", 100],
];

/**
 * A failure's cause from the text in *_failures.csv's Error column. The locustfile fails a
 * request with its cause first ("500", "invalid-body: …", "timeout: …", "network: …"); Locust
 * writes it as `CatchResponseError('…')`. Anything else (an exception Locust caught itself) is
 * "network". Pure.
 */
export function failureCause(error: string): string {
  const inner = /^\w+\((['"])(.*)\1\)$/s.exec(error.trim())?.[2] ?? error.trim();
  const first = /^([a-z-]+|\d{3})(?::|$)/.exec(inner)?.[1];
  if (first && (/^\d{3}$/.test(first) || first === "invalid-body" || first === "timeout" || first === "network")) return first;
  return "network";
}

/** Failed requests by cause, summed over *_failures.csv's rows (one per method, name and error). Pure. */
export function failuresByCause(failuresCsv: string): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const row of parseCsv(failuresCsv)) {
    const cause = failureCause(row.Error ?? "");
    errors[cause] = (errors[cause] ?? 0) + Number(row.Occurrences ?? 0);
  }
  return errors;
}

function number(row: Record<string, string>, column: string): number | null {
  const text = row[column];
  if (text === undefined || text === "" || text === "N/A") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * A closed-model level from one Locust run's *_stats.csv and *_failures.csv (its Aggregated
 * row). Pure.
 *
 * Locust counts every request in `Request Count`, failed or not, and logs every request's
 * response time, failed ones included, in its percentiles and average: once any request
 * failed, they are not those of answered requests and are unknown (null, no spectrum), as for
 * wrk with status errors. Failed requests are `censored`. Locust keeps response times rounded
 * to whole milliseconds (two significant digits above 100 ms): its percentiles are that coarse,
 * so a sub-millisecond p50 reads 0 or 1. Its average is kept exactly, so with no failures it is
 * the mean, and Little's law judges the level.
 *
 * Requests/s is over Locust's own window (first request to last, in the run after its spawn);
 * answered requests per second are Requests/s − Failures/s. Locust reports neither its CPU
 * (it only warns above 90%), nor dispatch lag, nor an event loop crudbench can watch: those
 * are null; quarters come from the history file (import-locust.ts), and `generator_bound` is null unless Locust
 * warned that a process's CPU was over 90% (`cpuWarned`).
 */
export function locustLevel(statsCsv: string, failuresCsv: string, connections: number, cpuWarned = false): LevelMeasurement {
  const rows = parseCsv(statsCsv);
  const total = rows.find((row) => row.Name === "Aggregated");
  if (!total) throw new Error("Locust's stats CSV has no Aggregated row");
  const requests = number(total, "Request Count") ?? 0;
  const failed = number(total, "Failure Count") ?? 0;
  const rps = number(total, "Requests/s") ?? 0;
  const fps = number(total, "Failures/s") ?? 0;
  const errors = failuresByCause(failuresCsv);
  const counted = Object.values(errors).reduce((a, b) => a + b, 0);
  // A failure the failures file lacks (it should not) is still a failure, of unknown cause.
  if (failed > counted) errors.unknown = failed - counted;
  const answered = requests - failed;
  const known = failed === 0 && answered > 0;
  const at = (column: string) => (known ? number(total, column) : null);
  const spectrum = known ? PERCENTILE_COLUMNS.flatMap(([column, percentile]) => (number(total, column) === null ? [] : [{ percentile, ms: number(total, column)! }])) : [];
  return {
    model: "closed",
    generator: "locust",
    concurrency: connections,
    target_rate: null,
    achieved_rps: Math.round(Math.max(0, rps - fps) * 10) / 10,
    quarters_rps: null,
    latency: {
      count: requests,
      mean_ms: known ? Math.round(number(total, "Average Response Time")! * 1000) / 1000 : null,
      censored: failed,
      // With any failure the percentiles are unknown, so there is no bound to qualify.
      p99_lower_bound: false,
      p50_ms: at("50%"),
      p90_ms: at("90%"),
      p99_ms: at("99%"),
      p999_ms: at("99.9%"),
      max_ms: at("Max Response Time"),
      spectrum,
    },
    uncorrected_latency: null,
    errors,
    dropped: 0,
    dispatch_lag_p99_ms: null,
    generator_cpu_percent: null,
    event_loop_delay_p99_ms: null,
    generator_bound: cpuWarned ? true : null,
  };
}

/** Whether Locust's output says a process's CPU went over its 90% threshold. Pure. */
export function locustCpuWarned(output: string): boolean {
  return /CPU usage above 90%|exceeded cpu threshold/i.test(output);
}
