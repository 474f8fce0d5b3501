import type { LevelMeasurement } from "../results/types.js";
import { seededRandom } from "../stats/random.js";
import { startEchoServer } from "./echo-target.js";
import { runClosedLevel } from "./generator.js";
import { MixPlanner } from "./mix.js";
import { runWrkLevel, wrkAvailable } from "./wrk.js";

/**
 * The generators' own ceilings: each drives a bare echo server (no framework, no database)
 * as hard as it can. A target measured near these numbers is limited by the generator.
 */
export async function calibrateGenerators(options: { workDir: string; logFile: string; connections: number; durationMs: number; warmupMs: number; timeoutMs: number; useWrk: boolean; targetCpus?: string; harnessCpus?: string }): Promise<LevelMeasurement[]> {
  const echo = await startEchoServer({ workDir: options.workDir, logFile: options.logFile, cpus: options.targetCpus });
  try {
    const planner = new MixPlanner("read", [1], seededRandom(1));
    const levels = [await runClosedLevel({ baseUrl: echo.baseUrl, planner, connections: options.connections, warmupMs: options.warmupMs, durationMs: options.durationMs, timeoutMs: options.timeoutMs })];
    if (options.useWrk && wrkAvailable()) {
      levels.push(await runWrkLevel({ baseUrl: echo.baseUrl, connections: options.connections, durationMs: options.durationMs, timeoutMs: options.timeoutMs, seededMaxId: 1, workDir: options.workDir, ...(options.harnessCpus ? { cpus: options.harnessCpus } : {}) }));
    }
    return levels;
  } finally {
    await echo.stop();
  }
}
