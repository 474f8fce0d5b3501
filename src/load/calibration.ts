import type { LevelMeasurement } from "../results/types.js";
import { seededRandom } from "../stats/random.js";
import { startEchoServer } from "./echo-target.js";
import { runEngineClosedLevel } from "./engine-closed.js";
import { runClosedLevel } from "./generator.js";
import { MixPlanner, type MixName } from "./mix.js";
import { runWrkLevel, wrkAvailable } from "./wrk.js";
import { installLocust, locustDir } from "./locust/install.js";
import { runLocustLevel } from "./locust/run-locust.js";
import { join } from "node:path";

export interface CalibrationOptions {
  workDir: string;
  logFile: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  useWrk: boolean;
  /**
   * The mix wrk's script follows on the echo server ("read" by default): wrk's ceiling is
   * that of the script the load runs, so pass the load's mix. wrk checks statuses only, and
   * the echo server answers every request of every mix with a status below 400 (a create 201
   * with `"id":1`, which its deletes then take), so any mix suits it. crudbench's own
   * generator always calibrates on reads: it validates answers, and the echo server answers a
   * DELETE 200 with a Task where the contract asks for 204 and no body, so its deletes would
   * all count as failures.
   */
  mix?: MixName;
  /** The native engine, where it was built: its closed-model ceiling too (on reads, as crudbench's generator). */
  engine?: { binary: string; logFile: string } | undefined;
  /**
   * Locust (`--engine locust`): its closed-model ceiling too, on reads of the echo server's one
   * task (which its locustfile's checks accept), with the load's workers. Shown beside the
   * others, and the verdicts judge Locust's levels by it (as wrk's by wrk's).
   */
  locust?: { workers: number } | undefined;
  targetCpus?: string | undefined;
  harnessCpus?: string | undefined;
}

/**
 * The generators' own ceilings: each drives a bare echo server (no framework, no database)
 * as hard as it can. A target measured near these numbers is limited by the generator.
 */
export async function calibrateGenerators(options: CalibrationOptions): Promise<LevelMeasurement[]> {
  const echo = await startEchoServer({ workDir: options.workDir, logFile: options.logFile, cpus: options.targetCpus });
  try {
    const planner = new MixPlanner("read", [1], seededRandom(1));
    const common = { baseUrl: echo.baseUrl, planner, connections: options.connections, warmupMs: options.warmupMs, durationMs: options.durationMs, timeoutMs: options.timeoutMs };
    const levels = [await runClosedLevel(common)];
    if (options.engine) levels.push(await runEngineClosedLevel({ ...common, ...options.engine }));
    if (options.locust) {
      const locust = await installLocust(join(locustDir, "install.log"));
      levels.push(await runLocustLevel({ locust, baseUrl: echo.baseUrl, mix: "read", seededIds: [1], connections: options.connections, workers: options.locust.workers, warmupMs: options.warmupMs, durationMs: options.durationMs, timeoutMs: options.timeoutMs, workDir: options.workDir }));
    }
    if (options.useWrk && wrkAvailable()) {
      levels.push(
        await runWrkLevel({
          baseUrl: echo.baseUrl,
          mix: options.mix ?? "read",
          seededIds: [1],
          connections: options.connections,
          warmupMs: options.warmupMs,
          durationMs: options.durationMs,
          timeoutMs: options.timeoutMs,
          workDir: options.workDir,
          cpus: options.harnessCpus,
        }),
      );
    }
    return levels;
  } finally {
    await echo.stop();
  }
}
