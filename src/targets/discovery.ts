import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CrudbenchError, describeError } from "../errors.js";
import { validateManifest, type DatabaseKind, type Target } from "./manifest.js";

export const MANIFEST_FILE = "target.json";

/**
 * Loads every targets/<name>/target.json. A broken manifest stops the run before anything
 * starts (manifests are validated before anything runs), with every problem of every file.
 */
export function discoverTargets(targetsDir: string): Target[] {
  const hint = "pass --targets-dir with a folder of targets/<name>/target.json";
  if (!existsSync(targetsDir)) throw new CrudbenchError(`targets folder ${targetsDir} does not exist`, { hint });
  if (!statSync(targetsDir).isDirectory()) throw new CrudbenchError(`targets folder ${targetsDir} is not a folder`, { hint });
  const targets: Target[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(targetsDir).sort()) {
    const dir = join(targetsDir, entry);
    // statSync follows symlinks: a linked target folder counts as a target; a dangling one is a mistake to name.
    const stats = statSync(dir, { throwIfNoEntry: false });
    if (!stats) {
      problems.push(`${dir}: a symbolic link to nothing (remove it or point it at a target folder)`);
      continue;
    }
    if (!stats.isDirectory()) continue;
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
  if (targets.length === 0) throw new CrudbenchError(`no targets in ${targetsDir}: no folder there has a ${MANIFEST_FILE}`, { hint });
  return targets;
}

/**
 * Picks the targets named on the command line (local ones and any `--url` ones among `all`), in
 * the order given; unknown names are a usage error.
 */
export function selectTargets(all: Target[], names: string[] | undefined): Target[] {
  if (!names || names.length === 0) return all;
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) {
    throw new CrudbenchError(`target${repeated.length > 1 ? "s" : ""} named more than once: ${[...new Set(repeated)].join(", ")}`, {
      hint: "name each target once; to measure more, raise --sessions",
    });
  }
  const byName = new Map(all.map((target) => [target.manifest.name, target]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const available = all.map((target) => `${target.manifest.name}${target.remote ? " (--url)" : ""}`).join(", ") || "(none)";
    throw new CrudbenchError(`unknown target${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      hint: `available: ${available}; see \`crudbench list\`, or name a server started elsewhere with --url NAME=http://host:port`,
    });
  }
  return names.map((name) => byName.get(name)!);
}

/**
 * Refuses a run that could do nothing: when none of the chosen targets supports the
 * database, every one would be skipped and the run would "succeed" having measured nothing.
 */
export function requireDatabaseSupport(targets: readonly Target[], database: DatabaseKind): void {
  if (targets.some((target) => target.manifest.databases.includes(database))) return;
  throw new CrudbenchError(`none of the chosen targets supports the ${database} database (${targets.map((t) => `${t.manifest.name}: ${t.manifest.databases.join(", ")}`).join("; ")})`, {
    hint: database === "postgres" ? "choose targets that list postgres in their manifest, or use --db sqlite" : "choose targets that list sqlite in their manifest, or use --db postgres",
  });
}
