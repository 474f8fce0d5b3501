import type { Output } from "../console/output.js";
import { compareRuns } from "../compare/compare-runs.js";
import { renderComparisonMarkdown } from "../compare/render-comparison.js";
import { ExitCode } from "../errors.js";
import { readResults } from "../results/read-results.js";

/** `crudbench compare <baseline> <new> [--threshold 5%] [--json]`: exit 1 on a significant regression. */
export function compareCommand(baselineFile: string, candidateFile: string, options: { threshold: number; json: boolean }, output: Output): number {
  const baseline = readResults(baselineFile);
  const candidate = readResults(candidateFile);
  const comparison = compareRuns(baseline, candidate, options.threshold, {
    resamples: candidate.config.bootstrap_resamples,
    seed: candidate.config.bootstrap_seed,
    confidence: 0.95,
  });
  const text = options.json ? `${JSON.stringify(comparison, null, 2)}\n` : renderComparisonMarkdown(comparison, baselineFile, candidateFile);
  process.stdout.write(text);
  for (const warning of comparison.warnings) output.warn(warning);
  // Comparing nothing is no pass: a gate built on it would never fail.
  if (comparison.changes.length === 0) return ExitCode.usage;
  return comparison.regressions > 0 ? ExitCode.targetFailed : ExitCode.ok;
}
