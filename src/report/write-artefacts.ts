import { join } from "node:path";
import type { Output } from "../console/output.js";
import { describeError } from "../errors.js";
import type { Results } from "../results/types.js";
import { makeDirs, writeFileAtomic } from "../results/writer.js";
import { buildChartSpecs } from "./charts/chart-set.js";
import { renderSvg, svgToPng } from "./charts/render-chart.js";
import { renderCsv } from "./csv.js";
import { renderHtml, type RenderedChart } from "./html.js";
import { renderMarkdown } from "./markdown.js";

/** results.json alone: cheap enough to rewrite after every measured step. */
export function writeResultsFile(dir: string, results: Results): void {
  writeFileAtomic(join(dir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * The single place a run's files are written: results.json first (so a rendering failure can
 * never lose a measurement), then results.csv, the charts (SVG and PNG), report.md and report.html.
 */
export async function writeRunArtefacts(dir: string, results: Results, output?: Output): Promise<void> {
  writeResultsFile(dir, results);
  writeFileAtomic(join(dir, "results.csv"), renderCsv(results));
  const charts: RenderedChart[] = [];
  const specs = buildChartSpecs(results);
  if (specs.length > 0) makeDirs(join(dir, "charts"));
  for (const chart of specs) {
    try {
      const svg = await renderSvg(chart.spec);
      writeFileAtomic(join(dir, "charts", `${chart.name}.svg`), svg);
      writeFileAtomic(join(dir, "charts", `${chart.name}.png`), svgToPng(svg));
      charts.push({ name: chart.name, title: chart.title, svg });
    } catch (error) {
      output?.warn(`chart ${chart.name} could not be rendered: ${describeError(error)}`);
    }
  }
  writeFileAtomic(join(dir, "report.md"), renderMarkdown(results, charts));
  writeFileAtomic(join(dir, "report.html"), renderHtml(results, charts));
}
