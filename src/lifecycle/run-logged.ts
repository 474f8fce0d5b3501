import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { supervisedArgv, unstartableProgram } from "./command.js";
import { signalGroup, trackGroup, untrackGroup } from "./process-registry.js";

export interface LoggedRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
  /** The last lines of output, for an error message. */
  tail: string[];
}

export interface RunLoggedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  timeoutMs: number;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

const TAIL_LINES = 15;

/**
 * Runs a command to completion in its own process group, output appended to a log file.
 * A timeout or an abort kills the whole group, so a build's child processes go too.
 */
export function runLogged(argv: string[], options: RunLoggedOptions): Promise<LoggedRun> {
  // Checked here because behind setpriv a missing program is setpriv's exit 127, not ENOENT.
  const unstartable = unstartableProgram(argv[0]!);
  if (unstartable) return Promise.resolve({ exitCode: null, signal: null, timedOut: false, spawnError: unstartable, tail: [] });
  // A build must not outlive a harness killed outright (its own children may, briefly).
  const [program, ...args] = supervisedArgv(argv) as [string, ...string[]];
  const log = createWriteStream(options.logFile, { flags: "a" });
  log.write(`$ ${argv.join(" ")}\n`);
  const tail: string[] = [];
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let timedOut = false;
    let spawnError: string | undefined;
    const pgid = child.pid;
    if (pgid !== undefined) trackGroup(pgid);
    const kill = () => {
      if (pgid !== undefined) signalGroup(pgid, "SIGKILL");
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    options.signal?.addEventListener("abort", kill, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        options.onLine?.(line);
      });
    }
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", kill);
      if (pgid !== undefined) {
        // A build may leave background children (compiler servers); the group goes with it.
        signalGroup(pgid, "SIGKILL");
        untrackGroup(pgid);
      }
      log.end(() => resolve({ exitCode, signal, timedOut, tail, ...(spawnError ? { spawnError } : {}) }));
    });
  });
}
