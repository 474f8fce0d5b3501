import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../errors.js";
import type { ArtefactSize } from "../results/cost-types.js";
import type { NpmClosure } from "./dependencies/npm.js";

/**
 * Apparent sizes of files under a path, symlinks not followed, each hard-linked file once
 * (by device and inode, across every call sharing `seen`). Counts files and symlinks, not the
 * folders themselves: a folder's own size is the file system's bookkeeping, not what the target
 * ships. Throws when the path is missing.
 */
export function apparentSize(path: string, seen: Set<string>, options: { skipTopLevel?: string } = {}): number {
  const stat = lstatSync(path, { bigint: true });
  if (stat.isDirectory()) {
    let total = 0;
    for (const name of readdirSync(path)) {
      if (name === options.skipTopLevel) continue;
      total += apparentSize(join(path, name), seen);
    }
    return total;
  }
  const key = `${stat.dev}:${stat.ino}`;
  if (seen.has(key)) return 0;
  seen.add(key);
  return Number(stat.size);
}

/**
 * What a target runs from beyond its source: the manifest's `artefacts` (release binary,
 * virtualenv, compiled output) and, for an npm target, its share of node_modules, the package
 * folders of its production closure (a package's own nested node_modules is left to its
 * separate closure entries). A missing part makes the whole unknown, with the reason.
 */
export function measureArtefacts(targetDir: string, artefacts: readonly string[], closure?: NpmClosure): { artefact: ArtefactSize } | { reason: string } {
  if (artefacts.length === 0 && !closure) return { reason: 'the manifest names no "artefacts"' };
  const seen = new Set<string>();
  const parts: ArtefactSize["parts"] = [];
  for (const path of artefacts) {
    try {
      parts.push({ path, bytes: apparentSize(join(targetDir, path), seen) });
    } catch (error) {
      return { reason: isMissing(error) ? `not built: ${path} is missing (prepare the target)` : `could not measure ${path}: ${describeError(error)}` };
    }
  }
  if (closure && closure.packages.length > 0) {
    let bytes = 0;
    for (const path of closure.packages) {
      try {
        bytes += apparentSize(join(closure.lockDir, path), seen, { skipTopLevel: "node_modules" });
      } catch (error) {
        return { reason: isMissing(error) ? `not installed: ${join(closure.lockDir, path)} is missing (run npm ci)` : `could not measure ${path}: ${describeError(error)}` };
      }
    }
    parts.push({ path: `node_modules share (${closure.packages.length} packages)`, bytes });
  }
  return { artefact: { bytes: parts.reduce((total, part) => total + part.bytes, 0), parts } };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}
