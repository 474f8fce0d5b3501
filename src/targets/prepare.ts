import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Output } from "../console/output.js";
import { readPrepareRecord, writePrepareRecord } from "../cost/prepare-record.js";
import { describeError } from "../errors.js";
import { fillPlaceholders, findOnPath, resolveProgram } from "../lifecycle/command.js";
import { runLogged } from "../lifecycle/run-logged.js";
import { prepareDigest } from "./input-hash.js";
import type { PrepareRecord } from "../results/cost-types.js";
import { withPrepareLock } from "./prepare-lock.js";
import type { TargetManifest } from "./manifest.js";

/** What preparing needs: a folder, and a manifest's toolchain and steps (a Target satisfies it). */
export interface Preparable {
  dir: string;
  manifest: Pick<TargetManifest, "name" | "requires" | "prepare" | "artefacts">;
}

/**
 * What prepare did. On success, `record` is the target's last from-scratch prepare as
 * .crudbench/prepare-record.json holds it after this one (null: none yet), and `recordedNow`
 * says whether this prepare wrote it.
 */
export type PrepareOutcome =
  | { ok: true; ran: string[]; skipped: string[]; record: PrepareRecord | null; recordedNow: boolean }
  | { ok: false; reason: string; logFile: string };

const DEFAULT_STEP_TIMEOUT_SECONDS = 900;
const HEARTBEAT_MS = 15_000;

/**
 * Checks the target's toolchain and runs its prepare steps (install, build), each skipped
 * while its inputs are unchanged since its last success. Failure is an outcome, not a throw:
 * the run goes on with the other targets.
 */
export async function prepareTarget(target: Preparable, logFile: string, output: Output, signal?: AbortSignal): Promise<PrepareOutcome> {
  const { manifest, dir } = target;
  const missing = (manifest.requires ?? []).filter((requirement) => !findOnPath(requirement.command));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: missing.map((m) => `missing toolchain: \`${m.command}\` is not on PATH (${m.hint})`).join("; "),
      logFile,
    };
  }
  const stampDir = join(dir, ".crudbench");
  try {
    return await withPrepareLock(stampDir, () => runSteps(target, stampDir, logFile, output, signal), {
      onWait: (owner) => output.step(manifest.name, `prepare: waiting for another crudbench${owner ? ` (pid ${owner})` : ""} preparing this target …`),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    return { ok: false, reason: `prepare could not start: ${describeError(error)}`, logFile };
  }
}

/**
 * The folders (or top-level files) prepare writes into: the first path segment of every step
 * output and manifest artefact (`target` for `target/release/server`, `.venv`, `dist`). A
 * prepare is from scratch only when none existed before it: a kept `target/` or `.venv` would
 * make a rebuild incremental. Package managers' download caches (~/.cargo, ~/.cache/pip, npm's)
 * live elsewhere and may be warm: from scratch means the target's own build, not the network.
 */
function buildRoots(manifest: Preparable["manifest"]): string[] {
  const paths = [...(manifest.prepare ?? []).flatMap((step) => step.outputs ?? []), ...(manifest.artefacts ?? [])];
  return [...new Set(paths.map((path) => path.split("/").find((segment) => segment !== "" && segment !== ".") ?? path))];
}

async function runSteps(target: Preparable, stampDir: string, logFile: string, output: Output, signal?: AbortSignal): Promise<PrepareOutcome> {
  const { manifest, dir } = target;
  const prepareStarted = Date.now();
  const nothingBuilt = buildRoots(manifest).every((root) => !existsSync(join(dir, root)));
  const ran: string[] = [];
  const skipped: string[] = [];
  for (const [index, step] of (manifest.prepare ?? []).entries()) {
    const argv = step.run.map((part) => fillPlaceholders(part, { targetDir: dir }));
    argv[0] = resolveProgram(argv[0]!, dir);
    const stampFile = join(stampDir, `prepare-${index}.sha256`);
    const digest = step.inputs ? prepareDigest(dir, argv, step.inputs) : undefined;
    const outputsExist = (step.outputs ?? []).every((path) => existsSync(join(dir, path)));
    if (digest && outputsExist && existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest) {
      skipped.push(step.name);
      output.step(manifest.name, `prepare: ${step.name} (unchanged, skipped)`);
      continue;
    }
    output.step(manifest.name, `prepare: ${step.name} …`);
    const started = Date.now();
    const heartbeat = setInterval(() => {
      output.step(manifest.name, `prepare: ${step.name} still running (${Math.round((Date.now() - started) / 1000)} s, log: ${logFile})`);
    }, HEARTBEAT_MS);
    let result;
    try {
      result = await runLogged(argv, {
        cwd: dir,
        env: process.env,
        logFile,
        timeoutMs: (step.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS) * 1000,
        onLine: (line) => output.progress(manifest.name, `prepare: ${line.slice(0, 100)}`),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      result = { exitCode: null, signal: null, timedOut: false, spawnError: describeError(error), tail: [] };
    } finally {
      clearInterval(heartbeat);
    }
    if (result.exitCode !== 0) {
      const why = result.spawnError
        ? `could not start \`${argv[0]}\`: ${result.spawnError}`
        : result.timedOut
          ? `timed out after ${step.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS} s`
          : `exited with ${result.exitCode ?? result.signal}`;
      const lastLines = result.tail.slice(-5).join("\n    ");
      return { ok: false, reason: `prepare step "${step.name}" failed: ${why}${lastLines ? `\n    ${lastLines}` : ""}`, logFile };
    }
    // The lock made stampDir.
    if (digest) writeFileSync(stampFile, digest);
    ran.push(step.name);
    output.step(manifest.name, `prepare: ${step.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const steps = manifest.prepare ?? [];
  const recordedNow = nothingBuilt && steps.length > 0 && ran.length === steps.length;
  if (recordedNow) writePrepareRecord(dir, { seconds: (Date.now() - prepareStarted) / 1000, finished_at: new Date().toISOString(), from_scratch: true });
  const last = readPrepareRecord(dir);
  return { ok: true, ran, skipped, record: "record" in last ? last.record : null, recordedNow };
}
