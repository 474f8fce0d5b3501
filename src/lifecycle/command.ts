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
