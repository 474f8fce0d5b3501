import { describeError } from "../errors.js";
import type { BuildCost } from "../results/cost-types.js";
import type { TargetManifest } from "../targets/manifest.js";
import { measureArtefacts } from "./artefact-size.js";
import { countDependencies } from "./dependencies/count-dependencies.js";
import { countLines, type RunProgram } from "./lines-of-code.js";
import { readPrepareRecord } from "./prepare-record.js";

/** What measuring needs: a folder and its manifest's artefacts (a Target satisfies it). */
export interface Costed {
  dir: string;
  manifest: Pick<TargetManifest, "artefacts">;
}

/**
 * A target's cost to build and run: lines of code, dependency counts, artefact size and its
 * last from-scratch prepare. Never throws for a target's fault: each part it cannot know is
 * null, with the reason in `reasons`.
 */
export async function measureBuildCost(target: Costed, options: { runCloc?: RunProgram } = {}): Promise<BuildCost> {
  const cost: BuildCost = { lines: null, dependencies: null, artefact: null, prepare: null, reasons: {} };

  const lines = await countLines(target.dir, options.runCloc ? { run: options.runCloc } : {});
  if ("lines" in lines) cost.lines = lines.lines;
  else cost.reasons.lines = lines.reason;

  const dependencies = guarded(() => countDependencies(target.dir));
  if ("counts" in dependencies) cost.dependencies = dependencies.counts;
  else cost.reasons.dependencies = dependencies.reason;

  const closure = "closure" in dependencies ? dependencies.closure : undefined;
  const artefact = guarded(() => measureArtefacts(target.dir, target.manifest.artefacts ?? [], closure));
  if ("artefact" in artefact) cost.artefact = artefact.artefact;
  else cost.reasons.artefact = artefact.reason;

  const prepare = readPrepareRecord(target.dir);
  if ("record" in prepare) cost.prepare = prepare.record;
  else cost.reasons.prepare = prepare.reason;
  return cost;
}

/** A file that vanishes mid-read, or a folder we may not read, is that part's reason, not a crash. */
function guarded<T>(measure: () => T): T | { reason: string } {
  try {
    return measure();
  } catch (error) {
    return { reason: `could not measure: ${describeError(error)}` };
  }
}
