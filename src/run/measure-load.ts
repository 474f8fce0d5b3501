import { JSON_HEADERS, TargetClient } from "../http/client.js";
import type { LoadLevelResult, LoadResults } from "../results/types.js";
import { seededRandom } from "../stats/random.js";
import type { TargetRunOptions } from "./measure-target.js";
import { openSession } from "./target-session.js";
import type { Target } from "../targets/manifest.js";
import { describeError } from "../errors.js";
import { runClosedLevel, runOpenLevel } from "../load/generator.js";
import { MixPlanner, type MixName } from "../load/mix.js";
import { runWrkLevel, wrkAvailable } from "../load/wrk.js";

export interface LoadConfig {
  mix: MixName;
  /** Closed model: concurrent connections per level. */
  levels: number[];
  /** Open model: arrival rates (requests/s) to sweep, lowest first. */
  rates: number[];
  durationMs: number;
  warmupMs: number;
  sloP99Ms: number;
  /** Connections the open-model generator may use. */
  openConnections: number;
  seedTasks: number;
  useWrk: boolean;
  /** The harness's CPUs, for wrk, when pinned. */
  harnessCpus?: string;
  workDir: string;
}

/** The rate sweep stops once a rate misses the objective this many times over. */
const SWEEP_STOP_FACTOR = 4;

async function seed(baseUrl: string, count: number, timeoutMs: number): Promise<number[]> {
  const client = new TargetClient(baseUrl, timeoutMs);
  const ids: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const response = await client.send({ method: "POST", path: "/tasks", body: JSON.stringify({ title: `seed ${i}` }), headers: JSON_HEADERS });
      if (response.status !== 201) throw new Error(`seeding failed: POST /tasks answered ${response.status}`);
      ids.push((JSON.parse(response.body) as { id: number }).id);
    }
  } finally {
    await client.close();
  }
  return ids;
}

function meetsObjective(level: LoadLevelResult, sloP99Ms: number): boolean {
  const errors = Object.values(level.errors).reduce((a, b) => a + b, 0);
  return level.latency.p99_ms !== null && level.latency.p99_ms <= sloP99Ms && errors === 0 && level.dropped === 0 && !level.generator_bound;
}

/**
 * Throughput under concurrency for one target, on a fresh process and database seeded
 * with tasks: the closed-model levels, the open-model rate sweep (with the sustainable
 * rate), and wrk's closed-model peak where wrk is installed.
 */
export async function measureLoad(target: Target, options: TargetRunOptions, load: LoadConfig): Promise<{ ok: true; load: LoadResults } | { ok: false; reason: string }> {
  const { output } = options;
  const name = target.manifest.name;
  const session = await openSession(target, "load", {
    databases: options.databases,
    poolSize: options.config.pool_size,
    logFile: options.logFile,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cpus ? { cpus: options.cpus } : {}),
  });
  if (!session.ok) return { ok: false, reason: session.reason };
  try {
    const seeded = await seed(session.target.baseUrl, load.seedTasks, options.config.request_timeout_ms);
    const planner = new MixPlanner(load.mix, seeded, seededRandom(1234));
    const common = { baseUrl: session.target.baseUrl, planner, warmupMs: load.warmupMs, durationMs: load.durationMs, timeoutMs: options.config.request_timeout_ms };
    const closed: LoadLevelResult[] = [];
    for (const connections of load.levels) {
      if (options.signal?.aborted || session.target.hasExited()) break;
      output.progress(name, `load: closed, ${connections} connection(s) …`);
      closed.push(await runClosedLevel({ ...common, connections }));
      output.progress(name, `load: closed, ${connections} connection(s): ${closed.at(-1)!.achieved_rps} req/s`, true);
    }
    if (load.useWrk && wrkAvailable() && !options.signal?.aborted) {
      const connections = Math.max(...load.levels);
      output.progress(name, `load: wrk, ${connections} connections …`);
      try {
        closed.push(await runWrkLevel({ baseUrl: session.target.baseUrl, connections, durationMs: load.durationMs, timeoutMs: options.config.request_timeout_ms, seededMaxId: Math.max(...seeded), workDir: load.workDir, ...(load.harnessCpus ? { cpus: load.harnessCpus } : {}) }));
        output.progress(name, `load: wrk, ${connections} connections: ${closed.at(-1)!.achieved_rps} req/s`, true);
      } catch (error) {
        output.warn(`[${name}] wrk failed: ${describeError(error)}`);
      }
    }
    const open: LoadLevelResult[] = [];
    for (const rate of load.rates) {
      if (options.signal?.aborted || session.target.hasExited()) break;
      output.progress(name, `load: open, ${rate} req/s …`);
      const level = await runOpenLevel({ ...common, connections: load.openConnections, rate });
      open.push(level);
      output.progress(name, `load: open, ${rate} req/s: p99 ${level.latency.p99_ms ?? "–"} ms (corrected), dropped ${level.dropped}`, true);
      if ((level.latency.p99_ms ?? Infinity) > load.sloP99Ms * SWEEP_STOP_FACTOR || level.dropped > 0) break;
    }
    if (session.target.hasExited()) return { ok: false, reason: "target exited during the load test" };
    const sustainable = open.filter((level) => meetsObjective(level, load.sloP99Ms)).map((level) => level.target_rate!);
    return { ok: true, load: { mix: load.mix, slo_p99_ms: load.sloP99Ms, closed, open, sustainable_rps: sustainable.length > 0 ? Math.max(...sustainable) : null } };
  } catch (error) {
    return { ok: false, reason: `load test failed: ${describeError(error)}` };
  } finally {
    await session.close();
  }
}
