import type { ConformanceCase } from "./case.js";
import { badInputCases } from "./cases/bad-input.js";
import { happyPathCases } from "./cases/happy-paths.js";
import { integrityCases } from "./cases/integrity.js";
import { methodCases } from "./cases/methods.js";
import { serverTimingCases } from "./cases/server-timing.js";

/** The conformance suite: every target runs all of it before it may be timed. */
export const conformanceSuite: readonly ConformanceCase[] = [...happyPathCases, ...badInputCases, ...methodCases, ...integrityCases, ...serverTimingCases];
