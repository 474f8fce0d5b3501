import { join } from "node:path";
import type { Results } from "../results/types.js";
import { writeFileAtomic } from "../results/writer.js";
import { renderMarkdown } from "./markdown.js";

/** The single place a run's files are written: results.json first, then each rendering. */
export function writeRunArtefacts(dir: string, results: Results): void {
  writeFileAtomic(join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(join(dir, "report.md"), renderMarkdown(results));
}
