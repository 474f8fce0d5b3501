import type { Output } from "../console/output.js";
import { ExitCode } from "../errors.js";
import { DEFAULT_POOL_SIZE } from "../database/open-provider.js";
import { qualifyTarget } from "../run/measure-target.js";
import { openRunContext, runIdFor } from "../run/run-context.js";
import type { TargetResult } from "../results/types.js";
import { requireDatabaseSupport } from "../targets/discovery.js";
import { chooseTargets, localDatabase, remoteOnlyDatabaseNote } from "../targets/remote.js";
import { installInterruptHandler } from "./interrupt.js";

export interface CheckCommandOptions {
  targetsDir: string;
  db: "sqlite" | "postgres";
  json: boolean;
  requestTimeout: number;
  /** `--url NAME=URL`: servers started elsewhere. */
  url?: string[];
}

/** `crudbench check [targets…]`: prepare and conformance only, no timing. */
export async function checkCommand(names: string[], options: CheckCommandOptions, output: Output): Promise<number> {
  // check names its targets as arguments, not -t: the same rules, with hints that say so.
  const targets = chooseTargets(options.targetsDir, names, options.url, "arguments");
  const database = localDatabase(targets, options.db);
  requireDatabaseSupport(targets, options.db);
  const interrupt = installInterruptHandler(output);
  const results: TargetResult[] = [];
  try {
    const remoteOnly = remoteOnlyDatabaseNote(targets, options.db);
    if (remoteOnly) output.info(remoteOnly);
    const context = await openRunContext({
      // SQLite's provider starts nothing, and no local target will ask it for a database.
      database: database ?? "sqlite",
      resultsDir: undefined,
      output,
      signal: interrupt.signal,
      pin: false,
      requestTimeoutMs: options.requestTimeout,
      poolSize: DEFAULT_POOL_SIZE,
      runId: runIdFor(new Date()),
    });
    try {
      for (const target of targets) {
        if (interrupt.signal.aborted) break;
        const result = await qualifyTarget(target, context);
        results.push(result);
        if (!options.json) printCheck(output, result);
      }
    } finally {
      await context.close();
    }
  } finally {
    interrupt.dispose();
  }
  if (options.json) {
    const report = results.map((r) => ({
      name: r.name,
      status: r.status === "qualified" ? "passed" : r.status,
      reason: "reason" in r ? r.reason : null,
      warnings: r.warnings,
      conformance: "conformance" in r ? r.conformance : null,
      statements_per_request: "statements_per_request" in r ? r.statements_per_request : null,
    }));
    process.stdout.write(`${JSON.stringify({ database, targets: report }, null, 2)}\n`);
  }
  if (interrupt.signal.aborted) return ExitCode.interrupted;
  return results.every((r) => (r.status === "qualified" || r.status === "skipped") && r.warnings.length === 0) ? ExitCode.ok : ExitCode.targetFailed;
}

function printCheck(output: Output, result: TargetResult): void {
  for (const c of ("conformance" in result ? result.conformance?.cases : undefined) ?? []) {
    if (c.outcome === "failed") output.error(`[${result.name}] ✗ ${c.id}: ${c.reason}`);
  }
  // check always runs the suite: a qualified target's conformance is never the imported null.
  if (result.status === "qualified" && result.conformance) {
    const skipped = result.conformance.cases.filter((c) => c.outcome === "skipped");
    output.success(`[${result.name}] conformance passed: ${result.conformance.passed} cases${skipped.length > 0 ? `, ${skipped.length} skipped` : ""}`);
    for (const c of skipped) output.warn(`[${result.name}] skipped ${c.id}: ${c.reason}`);
    for (const warning of result.warnings) output.warn(`[${result.name}] ${warning}`);
  } else if (result.status === "skipped") output.warn(`[${result.name}] skipped: ${result.reason}`);
  else output.error(`[${result.name}] ${result.status}: ${"reason" in result ? result.reason : ""}`);
}
