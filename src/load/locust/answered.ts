import { readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Throughput by quarter for crudbench's own Locust runs, from what each worker counted itself
 * (the locustfile's CRUDBENCH_ANSWERED_FILE): answered requests per tenth of a second by the
 * wall clock. The master's history cannot give it: a worker reports its counts every 3 s, so a
 * quarter of a 10 s level holds zero or one report of each worker.
 */

/** Fewer whole tenths than this between the first and last, and the quarters say nothing: none. */
const MIN_TENTHS = 20;

/**
 * Answered requests per second in each quarter of the window, from the workers' counts per
 * tenth of a second (summed; a tenth nobody answered in counts 0). The first and last tenths
 * are left out (the run began and ended inside them); null for a window under 2 s. Pure.
 */
export function quartersFromAnswered(perWorker: readonly Record<string, number>[]): number[] | null {
  const answered = new Map<number, number>();
  for (const counts of perWorker) for (const [tenth, n] of Object.entries(counts)) answered.set(Number(tenth), (answered.get(Number(tenth)) ?? 0) + n);
  if (answered.size === 0) return null;
  const tenths = [...answered.keys()];
  const first = Math.min(...tenths) + 1;
  const last = Math.max(...tenths) - 1;
  const quarter = Math.floor((last - first + 1) / 4);
  if (quarter * 4 < MIN_TENTHS) return null;
  return [0, 1, 2, 3].map((q) => {
    let sum = 0;
    for (let t = first + q * quarter; t < first + (q + 1) * quarter; t++) sum += answered.get(t) ?? 0;
    return Math.round((sum / (quarter / 10)) * 10) / 10;
  });
}

/** The workers' files written for FILE (`FILE.PID.json`), as paths. */
function answeredFiles(file: string): string[] {
  const prefix = `${basename(file)}.`;
  return readdirSync(dirname(file))
    .filter((name) => name.startsWith(prefix) && name.endsWith(".json"))
    .map((name) => join(dirname(file), name));
}

/** The workers' files for one run, parsed; empty when none was written. */
export function readAnsweredFiles(file: string): Record<string, number>[] {
  return answeredFiles(file).map((path) => JSON.parse(readFileSync(path, "utf8")) as Record<string, number>);
}

/** Removes an earlier run's files for FILE (the calibration's level on the echo server has the same name as a target's), so only this run's are read. */
export function clearAnsweredFiles(file: string): void {
  for (const path of answeredFiles(file)) rmSync(path, { force: true });
}
