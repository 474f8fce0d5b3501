// placeholder until floor.ts lands
import type { HarnessFloor } from "../results/types.js";
import type { EngineChoice } from "../timing/prepare-engine.js";
import type { RunContext } from "./run-context.js";
export async function measureHarnessFloor(_engine: EngineChoice, _context: RunContext): Promise<HarnessFloor | null> {
  return null;
}
