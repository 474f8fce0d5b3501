import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { CrudbenchError } from "../errors.js";

/** How a server is started: a target manifest's `start` (spec/target.schema.json). */
export interface StartCommand {
  command: string[];
  env?: Record<string, string>;
  readyPath?: string;
  readyTimeoutSeconds?: number;
}

export interface PlaceholderValues {
  host: string;
  port: string;
  databaseUrl: string;
  databasePath: string;
  targetDir: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Placeholders a start command may use; prepare steps run before any port or database exists. */
export const START_PLACEHOLDERS: readonly (keyof PlaceholderValues)[] = ["host", "port", "databaseUrl", "databasePath", "targetDir"];
export const PREPARE_PLACEHOLDERS: readonly (keyof PlaceholderValues)[] = ["targetDir"];

/** The placeholders in a template that are not among `allowed`, as written ("{prot}"). */
export function unknownPlaceholders(template: string, allowed: readonly string[]): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((match) => !allowed.includes(match[1]!)).map((match) => match[0]);
}

/** Replaces {port}, {host}, … in one manifest string. An unknown placeholder is a manifest error. */
export function fillPlaceholders(template: string, values: Partial<PlaceholderValues>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = (values as Record<string, string | undefined>)[key];
    if (value === undefined) {
      throw new CrudbenchError(`unknown or unavailable placeholder ${whole} in "${template}"`, {
        hint: "placeholders are {port}, {host}, {databaseUrl}, {databasePath}, {targetDir}",
      });
    }
    return value;
  });
}

/** Finds an executable on PATH, as a shell would; undefined when absent. */
export function findOnPath(command: string, pathVariable = process.env.PATH ?? ""): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Manifest commands name either a program on PATH (`node`) or a path inside the target
 * folder (`.venv/bin/gunicorn`, `target/release/server`), which is resolved against it.
 */
export function resolveProgram(program: string, targetDir: string): string {
  if (isAbsolute(program) || !program.includes("/")) return program;
  return resolve(targetDir, program);
}

/** Why `program` (a path, or a name looked up on PATH) cannot be started; undefined when it can. */
export function unstartableProgram(program: string): string | undefined {
  if (program.includes("/")) return isExecutable(program) ? undefined : `${program}: no such executable file (ENOENT)`;
  return findOnPath(program) ? undefined : `${program}: not found on PATH (ENOENT)`;
}

/**
 * Prefixes a command so the kernel kills it when the harness dies, even by SIGKILL
 * (setpriv --pdeathsig), and, given CPUs, keeps it on them (taskset). Both exec the program
 * in place, so its pid is the one spawned. Without setpriv the command runs as it is.
 */
export function supervisedArgv(argv: readonly string[], cpus?: string): string[] {
  const setpriv = findOnPath("setpriv");
  const taskset = cpus ? findOnPath("taskset") : undefined;
  return [...(taskset ? [taskset, "-c", cpus!] : []), ...(setpriv ? [setpriv, "--pdeathsig", "SIGKILL", "--"] : []), ...argv];
}
