import { describeError } from "../errors.js";
import type { ConformanceCaseResult, ConformanceResults } from "../results/types.js";
import { CaseFailure, type CaseContext, type ConformanceCase } from "./case.js";

/**
 * Runs every case in order and records each outcome. A case that throws anything other
 * than a CaseFailure (a refused connection, a timeout) fails with that error as its reason.
 * On a remote target a case marked `notRemote` is skipped with that reason, never passed.
 */
export async function runConformance(
  cases: readonly ConformanceCase[],
  context: CaseContext,
  onCase?: (result: ConformanceCaseResult, index: number) => void,
): Promise<ConformanceResults> {
  const results: ConformanceCaseResult[] = [];
  for (const [index, testCase] of cases.entries()) {
    let result: ConformanceCaseResult;
    if (context.remote && testCase.notRemote) {
      result = { id: testCase.id, description: testCase.description, outcome: "skipped", reason: testCase.notRemote };
      results.push(result);
      onCase?.(result, index);
      continue;
    }
    try {
      await testCase.run(context);
      result = { id: testCase.id, description: testCase.description, outcome: "passed" };
    } catch (error) {
      const reason = error instanceof CaseFailure ? error.message : `request failed: ${describeError(error)}`;
      result = { id: testCase.id, description: testCase.description, outcome: "failed", reason };
    }
    results.push(result);
    onCase?.(result, index);
  }
  const count = (outcome: ConformanceCaseResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  const skipped = count("skipped");
  return { passed: count("passed"), failed: count("failed"), ...(skipped > 0 ? { skipped } : {}), cases: results };
}
