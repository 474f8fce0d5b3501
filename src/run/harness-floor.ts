import { describeError } from "../errors.js";
import type { HarnessFloor } from "../results/types.js";
import { FLOOR_DEFAULTS, measureFloors } from "../timing/floor.js";
import type { EngineChoice } from "../timing/prepare-engine.js";
import type { RunContext } from "./run-context.js";

/** Rounded like the latency distributions (0.1 µs), so results stay readable. */
const round4 = (ms: number) => Math.round(ms * 1e4) / 1e4;

/**
 * The harness floor of this run: the run's own engine, and wrk -t1 -c1 where installed,
 * against a bare echo server on the targets' CPUs. Measured once per run, before the rounds,
 * so every report says how much of a fast target's latency is the instrument's. A failure
 * leaves the floor unknown (null, with the reason), never 0, and the run goes on.
 */
export async function measureHarnessFloor(engine: EngineChoice, context: RunContext): Promise<HarnessFloor> {
  const floor: HarnessFloor = { engine: engine.engine, measured: null, wrk: null, error: null };
  context.output.step("floor", `harness floor: ${engine.engine} engine and wrk -t1 -c1 against a bare echo server …`);
  try {
    const floors = await measureFloors({
      engines: [engine],
      ...FLOOR_DEFAULTS,
      timeoutMs: context.requestTimeoutMs,
      workDir: context.workDir,
      logsDir: context.logsDir,
      pinning: context.pinning,
    });
    const own = floors.engines[0];
    if (own) floor.measured = { median_ms: round4(own.median_ms), p99_ms: round4(own.p99_ms), requests: own.requests };
    if (floors.wrk) floor.wrk = { median_ms: round4(floors.wrk.median_ms), p99_ms: round4(floors.wrk.p99_ms), requests: floors.wrk.requests };
    else floor.error = `wrk: ${floors.wrkSkipped ?? "not run"}`;
  } catch (error) {
    floor.error = describeError(error);
    context.output.warn(`harness floor not measured: ${floor.error}`);
  }
  const shown = (ms: number | undefined) => (ms === undefined ? "–" : `${ms.toFixed(3)} ms`);
  context.output.step("floor", `harness floor ${shown(floor.measured?.median_ms)} (${engine.engine}), wrk -t1 -c1 ${shown(floor.wrk?.median_ms)}`);
  return floor;
}
