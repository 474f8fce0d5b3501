import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { describeError } from "../../errors.js";
import type { DependencyCounts } from "../../results/cost-types.js";

/** The parts of an npm lockfile (v2/v3 `packages`) the counts need. */
export interface PackageLock {
  lockfileVersion?: number;
  packages: Record<string, LockedPackage>;
}

export interface LockedPackage {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A target's production closure in its lock: package paths relative to the lock's folder. */
export interface NpmClosure {
  /** The folder holding package-lock.json. */
  lockDir: string;
  /** Every package the target needs at run time, each once, as a path in the lock ("node_modules/x", "node_modules/a/node_modules/x"). */
  packages: string[];
}

/** The lock that installs a target: its own package-lock.json, or an ancestor's that lists it as a workspace. */
export function findNpmLock(targetDir: string): { lockFile: string; key: string } | undefined {
  if (existsSync(join(targetDir, "package-lock.json"))) return { lockFile: join(targetDir, "package-lock.json"), key: "" };
  for (let dir = dirname(targetDir); ; dir = dirname(dir)) {
    const lockFile = join(dir, "package-lock.json");
    if (existsSync(lockFile)) return { lockFile, key: relative(dir, targetDir).split(sep).join("/") };
    if (dirname(dir) === dir) return undefined;
  }
}

/** Counts an npm target's production dependencies from the lock that installs it. */
export function countNpmDependencies(targetDir: string): { counts: DependencyCounts; closure: NpmClosure } | { reason: string } {
  const found = findNpmLock(targetDir);
  if (!found) return { reason: "no package-lock.json in the target folder or above it" };
  let lock: PackageLock;
  try {
    lock = JSON.parse(readFileSync(found.lockFile, "utf8")) as PackageLock;
  } catch (error) {
    return { reason: `could not read ${found.lockFile}: ${describeError(error)}` };
  }
  if (typeof lock.packages !== "object" || lock.packages === null) return { reason: `${found.lockFile} has no "packages" map (lockfile v1; regenerate it with npm 7 or newer)` };
  if (!lock.packages[found.key]) return { reason: `${found.lockFile} does not list ${found.key === "" ? "its root package" : `the workspace ${found.key}`}` };
  const { direct, closure, missing } = productionClosure(lock, found.key);
  const notes = ["production dependencies only (devDependencies left out); a package installed at two versions counts twice"];
  if (missing.length > 0) notes.push(`not in the lock, so not counted: ${missing.join(", ")}`);
  return {
    counts: {
      direct: direct.length,
      total: closure.length,
      source: found.key === "" ? "package-lock.json" : `package-lock.json (workspace ${found.key})`,
      note: notes.join("; "),
    },
    closure: { lockDir: dirname(found.lockFile), packages: closure },
  };
}

/**
 * The production closure of the package at `from` in a lockfile: its `dependencies` and
 * `optionalDependencies` (not dev), then theirs, resolved as Node resolves them through the
 * lock's paths. Required peer dependencies count too (npm 7+ installs them); optional peers
 * and optional dependencies absent from the lock (another platform's) are skipped, from
 * `direct` too. A workspace link counts as the workspace folder it points to. `missing` lists
 * required names that resolve nowhere.
 */
export function productionClosure(lock: PackageLock, from: string): { direct: string[]; closure: string[]; missing: string[] } {
  const root = lock.packages[from];
  if (!root) throw new Error(`the lock has no package at "${from}"`);
  const presentOptional = Object.keys(root.optionalDependencies ?? {}).filter((name) => resolveIn(lock, from, name) !== undefined);
  const direct = [...new Set([...Object.keys(root.dependencies ?? {}), ...presentOptional])].sort();
  const seen = new Set<string>();
  const missing = new Set<string>();
  const queue: string[] = [from];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const entry = lock.packages[path]!;
    for (const { name, optional } of requirements(entry)) {
      const resolved = resolveIn(lock, path, name);
      if (resolved === undefined) {
        if (!optional) missing.add(`${name} (from ${path === "" ? "the root" : path})`);
        continue;
      }
      if (resolved === from || seen.has(resolved)) continue;
      seen.add(resolved);
      queue.push(resolved);
    }
  }
  return { direct, closure: [...seen].sort(), missing: [...missing].sort() };
}

function requirements(entry: LockedPackage): { name: string; optional: boolean }[] {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {})
      .filter((name) => !optionalPeers[name]?.optional)
      .map((name) => ({ name, optional: false })),
  ];
}

/**
 * Where `name`, required by the package at lock path `from`, is installed: `from/node_modules/name`,
 * then each ancestor folder's node_modules, up to the lock's own `node_modules/name`. A link
 * (a workspace) resolves to the folder it points to.
 */
export function resolveIn(lock: PackageLock, from: string, name: string): string | undefined {
  const segments = from === "" ? [] : from.split("/");
  for (let length = segments.length; length >= 0; length--) {
    if (length > 0 && segments[length - 1] === "node_modules") continue;
    const base = segments.slice(0, length).join("/");
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    const entry = lock.packages[candidate];
    if (!entry) continue;
    if (entry.link) return entry.resolved !== undefined && lock.packages[entry.resolved] ? entry.resolved : undefined;
    return candidate;
  }
  return undefined;
}
