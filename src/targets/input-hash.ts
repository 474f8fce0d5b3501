import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Folders that hold build output or installed dependencies, never a step's input. */
const IGNORED = new Set(["node_modules", ".venv", "target", "dist", "__pycache__", ".crudbench", ".git"]);

/**
 * A digest of a prepare step: its command plus the content of its input files and folders.
 * The step runs again only when this changes.
 */
export function prepareDigest(targetDir: string, command: string[], inputs: string[]): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(command));
  for (const input of [...inputs].sort()) {
    const path = join(targetDir, input);
    if (!existsSync(path)) {
      hash.update(`missing:${input}\n`);
      continue;
    }
    for (const file of listFiles(path)) {
      hash.update(`${relative(targetDir, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest("hex");
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !IGNORED.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => listFiles(join(path, entry.name)));
}
