import type { Results } from "../results/types.js";
import type { ChartName } from "./charts/chart-set.js";
import { calibrationTable, closedLoadTable, LOAD_NOTE, loadTargets, openLoadTable, sustainableTable } from "./load-report.js";
import { ANATOMY_NOTE, anatomyTable, anatomyTargets, CPU_NOTE, cpuTable, cpuTargets, ormAnatomyLines } from "./anatomy-report.js";
import { controlAlert } from "./control-prose.js";
import { COST_NOTE, costNotes, costTable, costTargets } from "./cost-report.js";
import { DRIFT_NOTE, driftTable } from "./drift-report.js";
import { caveatLines, caveatSummaryLines } from "./caveats.js";
import { claimPartsTable, claimsSummaryLine, claimsTable } from "./claims-report.js";
import { importedAlert } from "./load-method.js";
import { conformanceLines, environmentLine, incompleteRunAlert, MEMORY_NOTE, metaLine, methodParagraphs, summaryLines } from "./report-prose.js";
import { measuredStatementsNote, measuredStatementsTable, measuredStatementTargets, statementsNote, statementsTable } from "./statements-report.js";
import { hasLatency } from "../results/target-outcome.js";
import {
  databaseMemoryTable,
  databaseTitle,
  dataTargetsOf,
  failedCasesTable,
  latencyTable,
  latencyTargetsOf,
  memoryTable,
  NOISE_LEGEND,
  ormPairs,
  frameworkPairs,
  frameworkTable,
  ormVsRawTable,
  outcomeTable,
  relativeTable,
  type Group,
  type LatencyTarget,
} from "./report-model.js";
import type { Table } from "./table.js";
import { outcomeHeading, outcomeSentence, reasonOf } from "./target-status.js";

/**
 * The report as one document: an ordered list of sections made of a few kinds of block.
 * This file decides everything a reader sees — which sections, in what order, with what
 * words; report.md and report.html only serialise it (escaping and layout), so the two
 * cannot drift apart again (hyperfine's export/markup.rs shape).
 */

/** Running text; a code span is a path, an identifier or a run id, shown as code where the format can. */
export type Inline = string | { code: string };
export type Prose = readonly Inline[];

export type Block =
  | { kind: "paragraph"; text: Prose }
  /** summary and caveats are the lists a reader looks for first; formats may style them. */
  | { kind: "list"; role: "summary" | "caveats" | "plain"; items: readonly Prose[] }
  | { kind: "table"; table: Table }
  /**
   * Blocks folded away under a one-line summary, open on request: detail a reader rarely
   * needs first (every caveat in full, every part of every claim). HTML and GitHub's
   * Markdown both fold a <details> element without a script.
   */
  | { kind: "details"; summary: string; blocks: Block[] }
  /** A chart rendered beside the report (charts/<name>.svg and .png). */
  | { kind: "figure"; chart: ChartName; title: string }
  /** Text to show verbatim (a failure reason, the configuration). */
  | { kind: "preformatted"; language: "text" | "json"; text: string };

export interface Section {
  level: 2 | 3;
  /** Stable anchor, unique within the document. */
  id: string;
  heading: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  /** The title in a browser tab or window list: the run id tells two reports apart. */
  shortTitle: string;
  meta: Prose;
  /** Warnings that must be read before any figure (an A/A control too wide to trust small differences, an incomplete run): shown right under the title. */
  alerts: Prose[];
  sections: Section[];
}

/** A chart that was rendered and can be shown. */
export interface ChartReference {
  name: ChartName;
  title: string;
}

const paragraph = (...text: Inline[]): Block => ({ kind: "paragraph", text });
const table = (value: Table): Block => ({ kind: "table", table: value });
const section = (level: 2 | 3, id: string, heading: string, ...blocks: Block[]): Section => ({ level, id, heading, blocks });
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/**
 * The report's outline, top to bottom; a section with nothing to show is left out in every
 * format alike. It leads with answers (issue 21): the claims checked, the summary's
 * sentences and the charts; then the caveats, folded to a line per target (the warnings that
 * must be read first are alerts, above everything), then the tables.
 */
export function buildReportDocument(results: Results, charts: readonly ChartReference[] = []): ReportDocument {
  const title = `crudbench report — ${databaseTitle(results)}${results.run.status === "running" ? " — run not finished" : ""}`;
  return {
    title,
    shortTitle: `${title} — ${results.run.id}`,
    meta: [metaLine(results)],
    alerts: [importedAlert(results), incompleteRunAlert(results), controlAlert(results)].filter((line) => line !== undefined).map((line) => [line]),
    sections: [
      ...claimsSection(results),
      section(2, "summary", "Summary", { kind: "list", role: "summary", items: summaryLines(results).map((line) => [line]) }),
      ...chartsSection(charts),
      ...caveatsSection(results),
      section(2, "targets", "Targets", table(outcomeTable(results))),
      ...latencySections(results),
      ...anatomySection(results),
      ...cpuSection(results),
      ...memorySections(results),
      ...statementsSection(results),
      ...costSection(results),
      ...ormSections(results),
      ...frameworkSections(results),
      ...driftSection(results),
      ...loadSections(results),
      ...conformanceSection(results),
      ...claimPartsSection(results),
      ...notFullyMeasuredSections(results),
      section(2, "method", "Method", ...methodParagraphs(results).map((text) => paragraph(text))),
      section(2, "environment", "Environment and configuration", paragraph(environmentLine(results)), {
        kind: "preformatted",
        language: "json",
        text: JSON.stringify({ environment: results.environment, config: results.config }, null, 2),
      }),
    ],
  };
}

/** The claims checked against the run, one row per claim: the first thing a reader with claims looks for. */
function claimsSection(results: Results): Section[] {
  const claims = results.claims;
  if (!claims) return [];
  return [section(2, "claims", "Claims checked", paragraph(claimsSummaryLine(claims)), table(claimsTable(claims)))];
}

/** Every part of every claim, with why a part is not settled: folded, for the reader who doubts a verdict. */
function claimPartsSection(results: Results): Section[] {
  const claims = results.claims;
  if (!claims || claims.verdicts.length === 0) return [];
  const parts = claimPartsTable(claims);
  return [section(2, "claim-parts", "Claims, part by part", { kind: "details", summary: `Every part of every claim (${parts.rows.length})`, blocks: [table(parts)] })];
}

/**
 * The caveats folded: run-level warnings in full and one line per target, then every
 * sentence in a details block — a noisy run gave ~40 lines that pushed every figure below
 * the first screen.
 */
function caveatsSection(results: Results): Section[] {
  const full = caveatLines(results);
  if (full.length === 0) return [];
  const folded = caveatSummaryLines(results);
  const list = (role: "caveats" | "plain", lines: string[]): Block => ({ kind: "list", role, items: lines.map((line) => [line]) });
  const blocks: Block[] = [list("caveats", folded)];
  // Where nothing was folded (only run-level warnings), the full list would repeat the short one.
  if (full.length > folded.length || full.some((line, index) => line !== folded[index])) {
    blocks.push({ kind: "details", summary: `Every caveat in full (${full.length})`, blocks: [list("plain", full)] });
  }
  return [section(2, "caveats", "Caveats", ...blocks)];
}

function chartsSection(charts: readonly ChartReference[]): Section[] {
  if (charts.length === 0) return [];
  return [section(2, "charts", "Charts", ...charts.map((chart): Block => ({ kind: "figure", chart: chart.name, title: chart.title })))];
}

const RELATIVE_NOTE = "Median relative to the fastest target: the paired ratio over sessions with its 95% interval (~: no established difference).";

/** Tasks per bulk operation, as configured (or as recorded with the figures). */
function bulkSize(results: Results, targets: LatencyTarget[]): number {
  return results.config.latency?.bulk_size ?? targets[0]!.bulk.size;
}

function latencySections(results: Results): Section[] {
  const targets = latencyTargetsOf(results);
  if (targets.length === 0) return [];
  const group = (g: Group, id: string, heading: string): Section[] => [
    section(2, id, heading, table(latencyTable(results, targets, g)), paragraph(NOISE_LEGEND)),
    ...(targets.length > 1 ? [section(3, `${id}-relative`, "Relative to the fastest", paragraph(RELATIVE_NOTE), table(relativeTable(results, targets, g)))] : []),
  ];
  return [...group("single", "single", "Single CRUD latency"), ...group("bulk", "bulk", `Bulk operations (${bulkSize(results, targets)} tasks)`)];
}

function anatomySection(results: Results): Section[] {
  const targets = anatomyTargets(latencyTargetsOf(results));
  if (targets.length === 0) return [];
  const orm = ormPairs(targets).flatMap((pair) => ormAnatomyLines(pair).map((line): Prose => [`${pair.language}: ${line}`]));
  return [
    section(2, "anatomy", "Where the time goes", paragraph(ANATOMY_NOTE), table(anatomyTable(results, targets))),
    ...(orm.length > 0 ? [section(3, "anatomy-orm", "Where an ORM's extra time goes", { kind: "list", role: "plain", items: orm })] : []),
  ];
}

function cpuSection(results: Results): Section[] {
  const targets = cpuTargets(latencyTargetsOf(results));
  return targets.length > 0 ? [section(2, "cpu", "CPU per request", paragraph(CPU_NOTE), table(cpuTable(results, targets)), ...remoteNote(results, "cpu"))] : [];
}

/** Remote targets measured in this run are missing from a table of what needs their process: say so, with why. */
function remoteNote(results: Results, what: "cpu" | "memory"): Block[] {
  const remotes = dataTargetsOf(results).flatMap((t) => (t.remote ? [t.name] : []));
  const reason = dataTargetsOf(results).find((t) => t.remote)?.remote?.not_measured[what];
  return remotes.length > 0 && reason ? [paragraph(`Not measured for ${remotes.join(", ")} (${reason}).`)] : [];
}

function memorySections(results: Results): Section[] {
  const targets = dataTargetsOf(results).filter((t) => t.memory);
  if (targets.length === 0) return [];
  const sections = [section(2, "memory", "Memory", table(memoryTable(results, targets)), paragraph(MEMORY_NOTE), ...remoteNote(results, "memory"))];
  const databaseMemory = databaseMemoryTable(results);
  if (databaseMemory) sections.push(section(3, "database-memory", "Database server memory (not counted above)", table(databaseMemory)));
  return sections;
}

function statementsSection(results: Results): Section[] {
  const checked = statementsTable(results);
  if (!checked) return [];
  const measured = measuredStatementTargets(results);
  const hasSessions = results.targets.some(hasLatency);
  return [
    section(
      2,
      "statements",
      "SQL statements per request",
      paragraph(...statementsNote(results)),
      table(checked),
      ...(hasSessions ? [paragraph(measuredStatementsNote(results))] : []),
      ...(measured.length > 0 ? [table(measuredStatementsTable(results, measured))] : []),
    ),
  ];
}

function costSection(results: Results): Section[] {
  const targets = costTargets(results);
  if (targets.length === 0) return [];
  const notes = costNotes(results, targets);
  return [
    section(
      2,
      "cost",
      "Cost to build and run",
      paragraph(COST_NOTE),
      table(costTable(results, targets)),
      ...(notes.length > 0 ? [{ kind: "list", role: "plain", items: notes.map((line) => [line]) } satisfies Block] : []),
    ),
  ];
}

function ormSections(results: Results): Section[] {
  const targets = latencyTargetsOf(results);
  const pairs = ormPairs(targets);
  if (pairs.length === 0) return [];
  return [
    section(2, "orm-vs-raw", "ORM vs raw SQL"),
    ...pairs.flatMap((pair) => {
      const id = `orm-${slug(pair.language)}-${slug(pair.orm.name)}`;
      return [
        section(3, `${id}-single`, `${pair.language}: single requests`, table(ormVsRawTable(results, pair, "single"))),
        section(3, `${id}-bulk`, `${pair.language}: bulk (${bulkSize(results, targets)} tasks)`, table(ormVsRawTable(results, pair, "bulk"))),
      ];
    }),
  ];
}

function frameworkSections(results: Results): Section[] {
  const targets = latencyTargetsOf(results);
  const pairs = frameworkPairs(targets);
  if (pairs.length === 0) return [];
  return [
    section(2, "framework-vs-framework", "Framework vs framework, same data access", paragraph(FRAMEWORK_NOTE)),
    ...pairs.flatMap((pair) => {
      const id = `framework-${slug(pair.baseline.name)}-${slug(pair.candidate.name)}`;
      const title = `${pair.language}, ${pair.library}: ${pair.candidate.framework.name} vs ${pair.baseline.framework.name}`;
      return [
        section(3, `${id}-single`, `${title}, single requests`, table(frameworkTable(results, pair, "single"))),
        section(3, `${id}-bulk`, `${title}, bulk (${bulkSize(results, targets)} tasks)`, table(frameworkTable(results, pair, "bulk"))),
      ];
    }),
  ];
}

const FRAMEWORK_NOTE = "Targets of one language with the same data-access library on different frameworks (and server models): the paired ratio is what the framework and its server cost, the ORM's work being the same.";

function driftSection(results: Results): Section[] {
  const drift = driftTable(results);
  return drift ? [section(2, "drift", "Drift", paragraph(DRIFT_NOTE), table(drift))] : [];
}

function loadSections(results: Results): Section[] {
  const targets = loadTargets(results);
  if (targets.length === 0) return [];
  const sections = [section(2, "load", "Throughput under concurrency", paragraph(LOAD_NOTE))];
  if (results.calibration?.length) {
    sections.push(
      section(3, "load-calibration", "Generator ceilings", paragraph("What each load generator reaches against a bare HTTP echo server (no framework, no database): a target near these rates is limited by the generator, not by itself."), table(calibrationTable(results.calibration))),
    );
  }
  sections.push(section(3, "load-sustainable", "Sustainable throughput", table(sustainableTable(results, targets))));
  sections.push(section(3, "load-closed", "Closed model", table(closedLoadTable(results, targets))));
  if (targets.some((t) => t.load.open.length > 0)) sections.push(section(3, "load-open", "Open model", table(openLoadTable(results, targets))));
  return sections;
}

function conformanceSection(results: Results): Section[] {
  if (results.targets.length === 0) return [];
  return [section(2, "conformance", "Conformance", { kind: "list", role: "plain", items: conformanceLines(results).map((line) => [line]) })];
}

/** Every target that is not cleanly measured, each with what happened and where its output is. */
function notFullyMeasuredSections(results: Results): Section[] {
  const targets = results.targets.filter((t) => t.status !== "measured");
  if (targets.length === 0) return [];
  return [
    section(2, "not-fully-measured", "Targets not fully measured"),
    ...targets.map((target) => {
      const blocks: Block[] = [];
      const sentence = outcomeSentence(target, results);
      if (sentence) blocks.push(paragraph(sentence));
      const reason = reasonOf(target);
      if (reason) blocks.push({ kind: "preformatted", language: "text", text: reason });
      const failedCases = failedCasesTable(target);
      if (failedCases.rows.length > 0) blocks.push(table(failedCases));
      if (target.log_file) blocks.push(paragraph("Target output: ", { code: target.log_file }));
      return section(3, `target-${slug(target.name)}`, outcomeHeading(target), ...blocks);
    }),
  ];
}
