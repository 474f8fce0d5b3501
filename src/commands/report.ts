import { dirname, resolve } from "node:path";
import type { Output } from "../console/output.js";
import { readResults } from "../results/read-results.js";
import { writeRunArtefacts } from "../report/write-artefacts.js";
import { ensureWritableDir } from "../results/writer.js";

/** `crudbench report <results.json> [--out DIR]`: re-renders charts and reports without running anything. */
export async function reportCommand(file: string, options: { out?: string }, output: Output): Promise<number> {
  const results = readResults(file);
  const dir = resolve(options.out ?? dirname(file));
  ensureWritableDir(dir);
  await writeRunArtefacts(dir, results, output);
  output.info(`report: ${resolve(dir, "report.md")}\n        ${resolve(dir, "report.html")}\n        ${resolve(dir, "charts")}/`);
  return 0;
}
