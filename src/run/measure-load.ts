import { JSON_HEADERS, TargetClient } from "../http/client.js";
import type { LevelMeasurement, LoadPlan, LoadLevelResult, LoadResults } from "../results/types.js";
import { judged, MAX_ERROR_SHARE } from "../stats/load-verdict.js";
import { seededRandom } from "../stats/random.js";
import { logSection, sessionOptionsFor } from "./measure-target.js";
import type { RunContext } from "./run-context.js";
import type { Target } from "../targets/manifest.js";
import { describeError } from "../errors.js";
import { runClosedLevel, runOpenLevel } from "../load/generator.js";
import { runEngineClosedLevel } from "../load/engine-closed.js";
import type { EngineChoice } from "../timing/prepare-engine.js";
import { MixPlanner, type MixName } from "../load/mix.js";
import { runWrkLevel, wrkAvailable } from "../load/wrk.js";
import { installLocust, locustDir } from "../load/locust/install.js";
import { runLocustLevel } from "../load/locust/run-locust.js";
import { join } from "node:path";

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

/** A valid level whose corrected p99 met the objective with nothing failed or dropped. */
function meetsObjective(level: LoadLevelResult, sloP99Ms: number): boolean {
  const errors = Object.values(level.errors).reduce((a, b) => a + b, 0);
  return level.verdict.valid && level.latency.p99_ms !== null && !level.latency.p99_lower_bound && level.latency.p99_ms <= sloP99Ms && errors === 0 && level.dropped === 0 && !level.generator_bound;
}

/**
 * Throughput under concurrency for one target, on a fresh process and database seeded
 * with tasks: the closed-model levels, the open-model rate sweep (with the sustainable
 * rate), and wrk's closed-model peak where wrk is installed. With `engine: "locust"` Locust
 * drives the closed levels (a master and `locust_workers` workers per level), and the open
 * ones only where rates were asked for (loadConfig), paced by Locust, with no corrected
 * latency and so no sustainable rate (locust-open.ts).
 */
export async function measureLoad(target: Target, context: RunContext, load: LoadPlan, calibration: readonly LevelMeasurement[], engine: EngineChoice | undefined): Promise<{ ok: true; load: LoadResults } | { ok: false; reason: string }> {
  const { output, signal } = context;
  const name = target.manifest.name;
  logSection(context.logFileFor(name), "load");
  const session = await context.launch(target, "load", sessionOptionsFor(context, name));
  if (!session.ok) return { ok: false, reason: session.reason };
  try {
    const seeded = await seed(session.target.baseUrl, load.seed_tasks, context.requestTimeoutMs);
    const planner = new MixPlanner(load.mix, seeded, seededRandom(1234));
    const ceilingOf = (generator: "wrk" | "locust") => calibration.find((level) => level.generator === generator)?.achieved_rps;
    const judge = (level: LevelMeasurement): LoadLevelResult => judged(level, { sloP99Ms: load.slo_p99_ms, ceilingsRps: { wrk: ceilingOf("wrk"), locust: ceilingOf("locust") } });
    const common = { baseUrl: session.target.baseUrl, planner, warmupMs: load.warmup_ms, durationMs: load.duration_ms, timeoutMs: context.requestTimeoutMs };
    const closed: LoadLevelResult[] = [];
    // Installed before the stage (commands/run.ts); here it is only found again.
    const locust = load.engine === "locust" ? await installLocust(join(locustDir, "install.log")) : undefined;
    const locustCommon = (program: string) => ({ locust: program, baseUrl: session.target.baseUrl, mix: load.mix, seededIds: seeded, workers: load.locust_workers ?? 1, warmupMs: load.warmup_ms, durationMs: load.duration_ms, timeoutMs: context.requestTimeoutMs, workDir: context.workDir, signal });
    for (const connections of load.levels) {
      if (signal?.aborted || session.target.hasExited()) break;
      output.progress(name, `load: closed, ${connections} connection(s) …`);
      // The native engine drives the closed model where it was built: a blocking client per connection, as wrk's.
      const level = locust
        ? await runLocustLevel({ ...locustCommon(locust), connections })
        : engine?.engine === "native"
          ? await runEngineClosedLevel({ ...common, connections, binary: engine.binary, logFile: context.logFileFor(`${name}-load-engine`) }) : await runClosedLevel({ ...common, connections });
      closed.push(judge(level));
      output.progress(name, `load: closed, ${connections} connection(s): ${closed.at(-1)!.achieved_rps} req/s`, true);
    }
    if (load.use_wrk && wrkAvailable() && !signal?.aborted) {
      const connections = Math.max(...load.levels);
      output.progress(name, `load: wrk, ${connections} connections …`);
      try {
        closed.push(judge(await runWrkLevel({ baseUrl: session.target.baseUrl, connections, durationMs: load.duration_ms, timeoutMs: context.requestTimeoutMs, mix: load.mix, seededIds: seeded, warmupMs: load.warmup_ms, workDir: context.workDir, cpus: context.pinning?.harness })));
        output.progress(name, `load: wrk, ${connections} connections: ${closed.at(-1)!.achieved_rps} req/s`, true);
      } catch (error) {
        output.warn(`[${name}] wrk failed: ${describeError(error)}`);
      }
    }
    const open: LoadLevelResult[] = [];
    // Ascending (loadConfig sorts them): the sweep stops at the first rate far over the objective.
    for (const rate of load.rates) {
      if (signal?.aborted || session.target.hasExited()) break;
      output.progress(name, `load: open, ${rate} req/s …`);
      const level = judge(
        locust
          ? await runLocustLevel({ ...locustCommon(locust), connections: load.open_connections, rate })
          : await runOpenLevel({ ...common, connections: load.open_connections, rate }),
      );
      open.push(level);
      // Locust's corrected p99 is unknown: the sweep goes by its uncorrected one, and by its drops.
      const p99 = level.latency.p99_ms ?? level.uncorrected_latency?.p99_ms ?? null;
      output.progress(name, `load: open, ${rate} req/s: p99 ${p99 ?? "–"} ms (${level.latency.p99_ms === null && p99 !== null ? "uncorrected" : "corrected"}), dropped ${level.dropped}`, true);
      // crudbench's drops are exact (every connection busy); Locust's are estimated from its window, give or take a few at its edges: over the error limit.
      const dropping = locust ? level.dropped > MAX_ERROR_SHARE * level.latency.count : level.dropped > 0;
      if ((p99 ?? Infinity) > load.slo_p99_ms * SWEEP_STOP_FACTOR || dropping) break;
    }
    if (session.target.hasExited()) return { ok: false, reason: "target exited during the load test" };
    const sustainable = open.filter((level) => meetsObjective(level, load.slo_p99_ms)).map((level) => level.target_rate!);
    return { ok: true, load: { mix: load.mix, slo_p99_ms: load.slo_p99_ms, closed, open, sustainable_rps: sustainable.length > 0 ? Math.max(...sustainable) : null } };
  } catch (error) {
    return { ok: false, reason: `load test failed: ${describeError(error)}` };
  } finally {
    await session.close();
  }
}
