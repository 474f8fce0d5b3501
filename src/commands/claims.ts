import { resolve } from "node:path";
import { readClaimsFile } from "../claims/claims-file.js";
import { anyRefuted, evaluateClaims } from "../claims/evaluate-claims.js";
import { ExitCode } from "../errors.js";
import { claimPartsTable, claimsSummaryLine, claimsTable } from "../report/claims-report.js";
import { markdownTable } from "../report/table.js";
import { readResults } from "../results/read-results.js";
import type { ClaimsEvaluation } from "../results/types.js";

/** The evaluation as `crudbench claims` prints it: the summary line, one row per claim, then every part. */
export function renderClaimsMarkdown(evaluation: ClaimsEvaluation): string {
  return `${claimsSummaryLine(evaluation)}\n\n${markdownTable(claimsTable(evaluation))}\n\n${markdownTable(claimPartsTable(evaluation))}\n`;
}

/**
 * `crudbench claims <claims-file> <results.json> [--json]`: checks the claims against a run
 * already written. Exit 1 when any claim is refuted, as a failed target makes a run's.
 */
export function claimsCommand(claimsFile: string, resultsFile: string, options: { json: boolean }): number {
  // Both files are read before anything is printed: a bad one is exit 2 with its problems.
  const claims = readClaimsFile(resolve(claimsFile), claimsFile);
  const results = readResults(resolve(resultsFile));
  const evaluation = evaluateClaims(claims, results);
  process.stdout.write(options.json ? `${JSON.stringify(evaluation, null, 2)}\n` : renderClaimsMarkdown(evaluation));
  return anyRefuted(evaluation) ? ExitCode.targetFailed : ExitCode.ok;
}
