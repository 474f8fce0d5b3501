import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrudbenchError, ExitCode } from "../../errors.js";
import { findOnPath } from "../../lifecycle/command.js";
import { runLogged } from "../../lifecycle/run-logged.js";
import { packageRoot } from "../../paths.js";

/** The pinned requirements, and once installed the virtual environment (.venv, git-ignored). */
export const locustDir = join(packageRoot, "src", "load", "locust");
export const locustRequirements = join(locustDir, "requirements.txt");
const defaultVenv = join(locustDir, ".venv");
const INSTALL_TIMEOUT_MS = 600_000;

/** The Locust version requirements.txt pins. */
export function pinnedLocustVersion(): string {
  const match = /^locust==(\S+)$/m.exec(readFileSync(locustRequirements, "utf8"));
  if (!match) throw new Error(`${locustRequirements} pins no locust version`);
  return match[1]!;
}

/**
 * The `locust` program of Locust's own virtual environment, installed from requirements.txt
 * on first use and again whenever that file changes (a digest of it is kept in the venv), as
 * Schemathesis is for the tests. No python3, or a failed install, is a usage error (exit 2)
 * with the hint to fix it: the load cannot run with the engine asked for. `venv` is for tests.
 */
export async function installLocust(logFile: string, venv = defaultVenv): Promise<string> {
  const stampFile = join(venv, "requirements.sha256");
  const digest = createHash("sha256").update(readFileSync(locustRequirements)).digest("hex");
  const locust = join(venv, "bin", "locust");
  const installed = () => existsSync(locust) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest;
  if (installed()) return locust;
  if (!findOnPath("python3")) {
    throw new CrudbenchError("--engine locust needs python3, and it is not on PATH", { exitCode: ExitCode.usage, hint: "install Python 3.11+ with venv support (apt-get install python3 python3-venv), or leave out --engine locust" });
  }
  // One install at a time (test files run in parallel): a venv cannot be built aside and moved.
  const lock = join(tmpdir(), `crudbench-locust-install-${createHash("sha256").update(venv).digest("hex").slice(0, 12)}.lock`);
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) throw new CrudbenchError(`another crudbench has been installing Locust for ${INSTALL_TIMEOUT_MS / 60_000} min (${lock} exists)`, { exitCode: ExitCode.usage, hint: `if no crudbench is running, remove ${lock}` });
      await sleep(500);
    }
  }
  try {
    if (!installed()) await install(venv, logFile, digest);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return locust;
}

async function install(venv: string, logFile: string, digest: string): Promise<void> {
  const stampFile = join(venv, "requirements.sha256");
  rmSync(venv, { recursive: true, force: true });
  const steps = [
    ["python3", "-m", "venv", venv],
    [join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", locustRequirements],
  ];
  for (const argv of steps) {
    const run = await runLogged(argv, { cwd: locustDir, env: process.env, logFile, timeoutMs: INSTALL_TIMEOUT_MS });
    if (run.exitCode !== 0) {
      const why = run.spawnError ?? (run.timedOut ? `timed out after ${INSTALL_TIMEOUT_MS / 1000} s` : `exited with ${run.exitCode ?? run.signal}`);
      const venvStep = argv[1] === "-m" && argv[2] === "venv";
      throw new CrudbenchError(`installing Locust failed: \`${argv.join(" ")}\` ${why}\n  ${run.tail.slice(-8).join("\n  ")}`, {
        exitCode: ExitCode.usage,
        hint: venvStep ? "on Debian: apt-get install python3-venv" : `pip needs the network (or a cache) for ${locustRequirements}; the log is ${logFile}`,
      });
    }
  }
  writeFileSync(stampFile, digest);
}
