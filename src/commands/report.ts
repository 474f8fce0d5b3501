import { dirname, resolve } from "node:path";
import type { Output } from "../console/output.js";
import { readResults } from "../results/read-results.js";
import { writeRunArtefacts } from "../report/write-artefacts.js";
import { ensureWritableDir } from "../results/writer.js";

/** `crudbench report <results.json> [--out DIR]`: re-renders the reports without running anything. */
export function reportCommand(file: string, options: { out?: string }, output: Output): number {
  const results = readResults(file);
  const dir = resolve(options.out ?? dirname(file));
  ensureWritableDir(dir);
  writeRunArtefacts(dir, results);
  output.info(`report: ${resolve(dir, "report.md")}`);
  return 0;
}
