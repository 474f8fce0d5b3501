import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CrudbenchError, describeError } from "../errors.js";
import { validateManifest, type Target } from "./manifest.js";

export const MANIFEST_FILE = "target.json";

/**
 * Loads every targets/<name>/target.json. A broken manifest stops the run before anything
 * starts (manifests are validated before anything runs), with every problem of every file.
 */
export function discoverTargets(targetsDir: string): Target[] {
  if (!existsSync(targetsDir)) {
    throw new CrudbenchError(`targets folder ${targetsDir} does not exist`, { hint: "pass --targets-dir with a folder of targets/<name>/target.json" });
  }
  const targets: Target[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(targetsDir).sort()) {
    const dir = join(targetsDir, entry);
    // statSync follows symlinks: a linked target folder counts as a target.
    if (!statSync(dir).isDirectory()) continue;
    const manifestPath = join(dir, MANIFEST_FILE);
    if (!existsSync(manifestPath)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(manifestPath, "utf8"));
    } catch (error) {
      problems.push(`${manifestPath}: not valid JSON (${describeError(error)})`);
      continue;
    }
    const result = validateManifest(parsed, entry);
    if ("problems" in result) problems.push(...result.problems.map((problem) => `${manifestPath}: ${problem}`));
    else targets.push({ dir, manifest: result.manifest });
  }
  if (problems.length > 0) {
    throw new CrudbenchError(`invalid target manifest${problems.length > 1 ? "s" : ""}:\n  ${problems.join("\n  ")}`, {
      hint: "the manifest format is spec/target.schema.json",
    });
  }
  return targets;
}

/** Picks the targets named on the command line, in the order given; unknown names are a usage error. */
export function selectTargets(all: Target[], names: string[] | undefined): Target[] {
  if (!names || names.length === 0) return all;
  const byName = new Map(all.map((target) => [target.manifest.name, target]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new CrudbenchError(`unknown target${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      hint: `available: ${[...byName.keys()].join(", ") || "(none)"}; see \`crudbench list\``,
    });
  }
  return names.map((name) => byName.get(name)!);
}
