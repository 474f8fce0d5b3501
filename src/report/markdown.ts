import type { Results } from "../results/types.js";
import type { ChartName } from "./charts/chart-set.js";
import { caveatLines, databaseMemoryTable, databaseTitle, failedCasesTable, statementsNote, statementsTable, latencyTable, measured, memoryTable, methodText, ormPairs, ormVsRawTable, outcomeTable, relativeTable, summaryLines } from "./report-model.js";
import { calibrationTable, closedLoadTable, LOAD_NOTE, loadTargets, openLoadTable, sustainableTable } from "./load-report.js";
import { markdownTable } from "./table.js";

/**
 * report.md: the whole report as Markdown, ready to paste in a pull request, with the PNG
 * charts embedded by relative path (charts/<name>.png) so it renders on a code host. Pure.
 */
export function renderMarkdown(results: Results, charts: readonly { name: ChartName; title: string }[] = []): string {
  const { config, environment: env, run } = results;
  const targets = measured(results);
  const out: string[] = [];
  out.push(`# crudbench report — ${databaseTitle(results)}`);
  out.push(
    `Run \`${run.id}\` (${run.status}${run.status === "running" ? ", partial" : ""}), crudbench ${results.tool.version}. ` +
      `${env.cpu_count} × ${env.cpu_model}, ${env.total_memory_mb} MB RAM, ${env.os}, load average ${env.load_average_1m} at start.`,
  );
  out.push("## Summary", summaryLines(results).map((line) => `- ${line}`).join("\n"));
  const caveats = caveatLines(results);
  if (caveats.length > 0) out.push("## Caveats", caveats.map((line) => `- ⚠ ${line}`).join("\n"));
  out.push(`Method: ${methodText(results)}`);

  out.push("## Targets", markdownTable(outcomeTable(results)));
  if (charts.length > 0) out.push("## Charts", charts.map((chart) => `![${chart.title}](charts/${chart.name}.png)`).join("\n\n"));

  if (targets.length > 0) {
    out.push("## Single CRUD latency", markdownTable(latencyTable(targets, "single")));
    if (targets.length > 1) out.push("Median relative to the fastest target, with the ratio's 95% interval (~: no established difference):", markdownTable(relativeTable(results, targets, "single")));
    out.push(`## Bulk operations (${config.bulk_size} tasks)`, markdownTable(latencyTable(targets, "bulk")));
    if (targets.length > 1) out.push("Median relative to the fastest target, with the ratio's 95% interval (~: no established difference):", markdownTable(relativeTable(results, targets, "bulk")));
    out.push("## Memory", markdownTable(memoryTable(targets)));
    out.push("RSS counts shared pages once per process; PSS divides them among the processes sharing them, so for forked workers PSS is the fairer total.");
    const databaseMemory = databaseMemoryTable(targets);
    if (databaseMemory) out.push("### Database server memory (not counted above)", markdownTable(databaseMemory));
    const statements = statementsTable(targets);
    if (statements) out.push("## SQL statements per request", statementsNote(results), markdownTable(statements));
    const pairs = ormPairs(targets);
    if (pairs.length > 0) {
      out.push("## ORM vs raw SQL");
      for (const pair of pairs) {
        out.push(`### ${pair.language}: single requests`, markdownTable(ormVsRawTable(results, pair, "single")));
        out.push(`### ${pair.language}: bulk (${config.bulk_size} tasks)`, markdownTable(ormVsRawTable(results, pair, "bulk")));
      }
    }
  } else {
    out.push("_No target was measured._");
  }

  const withLoad = loadTargets(results);
  if (withLoad.length > 0) {
    out.push("## Throughput under concurrency", LOAD_NOTE);
    if (results.calibration?.length) out.push("Generator ceilings against a bare echo server (no framework, no database):", markdownTable(calibrationTable(results.calibration)));
    out.push("### Sustainable throughput", markdownTable(sustainableTable(withLoad)));
    out.push("### Closed model", markdownTable(closedLoadTable(withLoad)));
    if (withLoad.some((t) => t.load!.open.length > 0)) out.push("### Open model", markdownTable(openLoadTable(withLoad)));
  }

  const failed = results.targets.filter((t) => t.status !== "measured" && t.status !== "skipped");
  if (failed.length > 0) {
    out.push("## Targets not measured");
    for (const target of failed) {
      out.push(`### ${target.name}: ${target.status}`, "```text", target.reason ?? "(no reason recorded)", "```");
      if (target.conformance && target.conformance.failed > 0) out.push(markdownTable(failedCasesTable(target)));
      if (target.log_file) out.push(`Target output: \`${target.log_file}\``);
    }
  }

  out.push("## Environment", "```json", JSON.stringify({ environment: env, config }, null, 2), "```");
  return `${out.join("\n\n")}\n`;
}
