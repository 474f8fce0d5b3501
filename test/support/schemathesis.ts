import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findOnPath } from "../../src/lifecycle/command.js";
import { runLogged } from "../../src/lifecycle/run-logged.js";
import { packageRoot, specDir } from "../../src/paths.js";

/** Pinned requirements, the run settings (seed, examples, checks) and, once installed, .venv. */
export const schemathesisDir = join(packageRoot, "test", "support", "schemathesis");
const venv = join(schemathesisDir, ".venv");
const stampFile = join(venv, "requirements.sha256");
const INSTALL_TIMEOUT_MS = 600_000;

export type Installed = { ok: true; st: string; ran: boolean } | { ok: false; reason: string };

/**
 * Schemathesis in its own virtual environment, installed from requirements.txt on first use
 * and again whenever that file changes (a digest of it is kept in the venv). Failing to
 * install is an outcome with the reason, for the test to fail on, never a skip.
 */
export async function installSchemathesis(logFile: string): Promise<Installed> {
  const requirements = join(schemathesisDir, "requirements.txt");
  const digest = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const st = join(venv, "bin", "st");
  if (existsSync(st) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest) return { ok: true, st, ran: false };
  if (!findOnPath("python3")) return { ok: false, reason: "python3 is not on PATH: install Python 3.11+ with venv support (apt-get install python3 python3-venv)" };
  rmSync(venv, { recursive: true, force: true });
  const steps = [
    ["python3", "-m", "venv", venv],
    [join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements],
  ];
  for (const argv of steps) {
    const run = await runLogged(argv, { cwd: schemathesisDir, env: process.env, logFile, timeoutMs: INSTALL_TIMEOUT_MS });
    if (run.exitCode !== 0) {
      const why = run.spawnError ?? (run.timedOut ? `timed out after ${INSTALL_TIMEOUT_MS / 1000} s` : `exited with ${run.exitCode ?? run.signal}`);
      const hint = argv[1] === "-m" && argv[2] === "venv" ? " (on Debian: apt-get install python3-venv)" : "";
      return { ok: false, reason: `\`${argv.join(" ")}\` failed: ${why}${hint}\n  ${run.tail.slice(-8).join("\n  ")}\n(log: ${logFile})` };
    }
  }
  writeFileSync(stampFile, digest);
  return { ok: true, st, ran: true };
}

export interface FuzzRun {
  passed: boolean;
  /** Schemathesis's own report: each failure with the request that caused it (as curl). */
  output: string;
}

/**
 * Fuzzes the target at `baseUrl` against spec/openapi.yaml with the settings of
 * schemathesis.toml. Runs in `workDir`, where Schemathesis leaves its reports.
 */
export async function fuzzTarget(st: string, baseUrl: string, workDir: string, timeoutMs: number): Promise<FuzzRun> {
  const logFile = join(workDir, "schemathesis.log");
  const argv = [st, "--config-file", join(schemathesisDir, "schemathesis.toml"), "--no-color", "run", join(specDir, "openapi.yaml"), "--url", baseUrl];
  // Wide and plain: the failures are read in a test report, not on a terminal.
  const env = { ...process.env, COLUMNS: "160", NO_COLOR: "1", PYTHONUNBUFFERED: "1" };
  const run = await runLogged(argv, { cwd: workDir, env, logFile, timeoutMs });
  const output = readFileSync(logFile, "utf8");
  const why = run.timedOut ? `\nSchemathesis did not finish in ${timeoutMs / 1000} s` : run.spawnError ? `\ncould not start ${st}: ${run.spawnError}` : "";
  return { passed: run.exitCode === 0, output: `${output}${why}` };
}

/** The part of Schemathesis's output a reader needs: failures, errors and warnings, else all of it. */
export function failureReport(output: string): string {
  const start = output.search(/^=+ (ERRORS|FAILURES|WARNINGS) =+$/m);
  const end = output.search(/^=+ SUMMARY =+$/m);
  return start >= 0 && end > start ? output.slice(start, end).trim() : output.trim();
}
