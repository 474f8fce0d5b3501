import { dirname, resolve } from "node:path";
import { readClaimsFile } from "../claims/claims-file.js";
import { evaluateClaims } from "../claims/evaluate-claims.js";
import type { Output } from "../console/output.js";
import { readResults } from "../results/read-results.js";
import { writeRunArtefacts } from "../report/write-artefacts.js";
import { ensureWritableDir } from "../results/writer.js";

/**
 * `crudbench report <results.json> [--out DIR] [--claims FILE]`: re-renders charts and reports
 * without running anything; with --claims, evaluated with the run's statistics first.
 */
export async function reportCommand(file: string, options: { out?: string; claims?: string }, output: Output): Promise<number> {
  const claims = options.claims ? readClaimsFile(resolve(options.claims), options.claims) : null;
  const results = readResults(file);
  // The claims evaluated now replace any the run carried; results.json is rewritten with them.
  if (claims) results.claims = evaluateClaims(claims, results);
  const dir = resolve(options.out ?? dirname(file));
  ensureWritableDir(dir);
  await writeRunArtefacts(dir, results, output);
  output.info(`report: ${resolve(dir, "report.md")}\n        ${resolve(dir, "report.html")}\n        ${resolve(dir, "results.csv")}\n        ${resolve(dir, "charts")}/`);
  return 0;
}
