import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import { runConformance } from "../conformance/runner.js";
import { describeError } from "../errors.js";
import { TargetClient } from "../http/client.js";
import type { BuildCost } from "../results/cost-types.js";
import type { ConformanceResults, RemoteTarget, StatementsPerRequest, TargetDescription, TargetResult } from "../results/types.js";
import type { Target } from "../targets/manifest.js";
import { prepareTarget } from "../targets/prepare.js";
import { measureBuildCost } from "../cost/build-cost.js";
import { countStatements } from "../workloads/statement-counts.js";
import { REMOTE_NOT_MEASURED } from "../targets/remote.js";
import type { RunContext } from "./run-context.js";
import type { SessionOptions } from "./target-session.js";

export function describeTarget(target: Target): TargetDescription {
  const { manifest } = target;
  return {
    name: manifest.name,
    display_name: manifest.displayName,
    language: manifest.language,
    framework: { ...manifest.framework },
    data_access: { ...manifest.dataAccess },
    server: {
      processes: manifest.server.processes,
      threads_per_process: manifest.server.threadsPerProcess ?? null,
      model: manifest.server.model,
      notes: manifest.server.notes ?? null,
    },
    ...(target.remote ? { remote: remoteDescription(target.remote.url) } : {}),
  };
}

/** Where a remote target is, and why what needs its process or database is null. */
function remoteDescription(url: string): RemoteTarget {
  const { sessions, ...notMeasured } = REMOTE_NOT_MEASURED;
  return { url, not_measured: notMeasured, sessions };
}

/** A remote target's build cost: nothing known, each field null with its reason. */
function remoteBuildCost(): BuildCost {
  const reason = REMOTE_NOT_MEASURED.build_cost;
  return { lines: null, dependencies: null, artefact: null, prepare: null, reasons: { lines: reason, dependencies: reason, artefact: reason, prepare: reason } };
}

/** What every session of a target in this run is started with. */
export function sessionOptionsFor(context: RunContext, targetName: string, env?: Record<string, string>): SessionOptions {
  return {
    databases: context.databases,
    poolSize: context.poolSize,
    logFile: context.logFileFor(targetName),
    readyTimeoutMs: context.readyTimeoutMs,
    signal: context.signal,
    cpus: context.pinning?.targets,
    env,
  };
}

export const logSection = (logFile: string, title: string) => appendFileSync(logFile, `\n===== ${title} (${new Date().toISOString()}) =====\n`);

/** Passed the gate: what the later stages build on. */
export type QualifiedTarget = Extract<TargetResult, { status: "qualified" }>;

/**
 * Everything before timing: database support, toolchain and prepare steps, then the
 * conformance suite on a database of its own. Only a `qualified` target is ever timed.
 * Nothing here throws for a target's fault.
 */
export async function qualifyTarget(target: Target, context: RunContext): Promise<TargetResult> {
  const started = Date.now();
  const { output } = context;
  const name = target.manifest.name;
  const logFile = context.logFileFor(name);
  const common = () => ({ ...describeTarget(target), warnings: [] as string[], log_file: relative(context.resultsDir, logFile), duration_s: Math.round((Date.now() - started) / 100) / 10 });
  const stopped = (reason: string) => ({ ...common(), status: "interrupted" as const, reason, conformance: null });

  if (target.remote) {
    output.warn(`[${name}] remote target ${target.remote.url}: its database receives test data: conformance and the workloads write test tasks into it (crudbench changes or deletes only tasks it created, and leaves some of them behind)`);
    return await checkConformance(target, context, remoteBuildCost(), common, stopped);
  }
  if (!target.manifest.databases.includes(context.database)) {
    return { ...common(), status: "skipped", reason: `does not support the ${context.database} database (supports ${target.manifest.databases.join(", ")})` };
  }
  logSection(logFile, "prepare");
  const prepared = await prepareTarget(target, logFile, output, context.signal);
  if (context.signal?.aborted) return stopped("interrupted while preparing");
  if (!prepared.ok) return { ...common(), status: "failed-prepare", reason: prepared.reason };
  // Measured now, before anything runs in the folder: what it took to build, and what it keeps.
  const buildCost = await measureBuildCost(target);
  return await checkConformance(target, context, buildCost, common, stopped);
}

/** The conformance suite on a fresh session (a remote target: the server as it is). */
async function checkConformance(
  target: Target,
  context: RunContext,
  buildCost: BuildCost,
  common: () => TargetDescription & { warnings: string[]; log_file: string; duration_s: number },
  stopped: (reason: string) => Extract<TargetResult, { status: "interrupted" }>,
): Promise<TargetResult> {
  const { output } = context;
  const name = target.manifest.name;
  const logFile = context.logFileFor(name);
  logSection(logFile, "conformance");
  output.step(name, "conformance …");
  const tracing = target.remote ? undefined : context.databases.statementTracing(`${name}-conformance`);
  const session = await context.launch(target, "conformance", sessionOptionsFor(context, name, tracing?.env));
  if (context.signal?.aborted) {
    if (session.ok) await session.close();
    return stopped("interrupted before conformance");
  }
  if (!session.ok) return { ...common(), status: "failed-start", reason: session.reason };
  const client = new TargetClient(session.target.baseUrl, context.requestTimeoutMs);
  const suite = context.suite;
  let conformance: ConformanceResults;
  let statements: StatementsPerRequest | null = null;
  const warnings: string[] = [];
  try {
    conformance = await runConformance(suite, { client, database: session.database?.direct, remote: session.remote === true }, (caseResult, index) =>
      output.progress(name, `conformance ${index + 1}/${suite.length} ${caseResult.id}`),
    );
    if (conformance.failed === 0 && tracing && session.database && !context.signal?.aborted) {
      try {
        statements = (await countStatements(client, tracing.counter, session.database)) ?? null;
      } catch (error) {
        warnings.push(`statements per request not counted: ${describeError(error)}`);
      }
    }
  } finally {
    await client.close();
    await session.close();
  }
  output.progress(name, `conformance: ${conformance.passed}/${suite.length} passed${conformance.skipped ? `, ${conformance.skipped} skipped (remote)` : ""}`, true);
  if (context.signal?.aborted) return { ...stopped("interrupted during conformance"), conformance };
  if (conformance.failed > 0) {
    const failedIds = conformance.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
    return { ...common(), status: "failed-conformance", reason: `${conformance.failed} conformance case(s) failed: ${failedIds.join(", ")}`, conformance };
  }
  return { ...common(), warnings, status: "qualified", conformance, statements_per_request: statements, build_cost: buildCost };
}
