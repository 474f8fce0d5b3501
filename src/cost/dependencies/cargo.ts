import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describeError } from "../../errors.js";
import type { Counted } from "./counted.js";

type Table = Record<string, unknown>;

const NOTE =
  "as locked: Cargo.lock holds every platform's crates (windows-* and the like), more than a Linux build compiles; direct counts [dependencies] and [build-dependencies] (build scripts' crates are compiled for every build); crates only [dev-dependencies] need are left out";

/** Counts a Rust target's crates: direct from Cargo.toml, total from Cargo.lock. */
export function countCargoDependencies(targetDir: string): Counted {
  const manifestFile = join(targetDir, "Cargo.toml");
  const lockFile = join(targetDir, "Cargo.lock");
  if (!existsSync(lockFile)) return { reason: "no Cargo.lock beside Cargo.toml (run `cargo generate-lockfile` and commit it)" };
  let manifest: Table;
  let lock: Table;
  try {
    manifest = parse(readFileSync(manifestFile, "utf8")) as Table;
    lock = parse(readFileSync(lockFile, "utf8")) as Table;
  } catch (error) {
    return { reason: `could not read Cargo.toml or Cargo.lock: ${describeError(error)}` };
  }
  try {
    return { counts: { ...cargoCounts(manifest, lock), source: "Cargo.lock", note: NOTE } };
  } catch (error) {
    return { reason: `${describeError(error)} (run \`cargo generate-lockfile\`)` };
  }
}

interface LockedCrate {
  name: string;
  version: string;
  source?: string;
  dependencies?: string[];
}

/**
 * Direct: the distinct crates named in `[dependencies]` and `[build-dependencies]`, including
 * platform-specific `[target.'cfg(…)'.…]` ones. Total: the crates the lock reaches from the
 * root package (named as in Cargo.toml's `[package]`, without a `source`), every platform's,
 * not counting those reached only through the root's dev-dependencies. (The lock lists a
 * registry crate's normal and build dependencies but never its dev-dependencies, so only the
 * root's need leaving out.) Throws when the lock has no such root package.
 */
export function cargoCounts(manifest: Table, lock: Table): { direct: number; total: number } {
  const direct = new Set<string>();
  const devOnly = new Set<string>();
  const addKeys = (table: Table) => {
    for (const section of ["dependencies", "build-dependencies"]) for (const name of crateNames(asTable(table[section]))) direct.add(name);
    for (const name of crateNames(asTable(table["dev-dependencies"]))) devOnly.add(name);
  };
  addKeys(manifest);
  for (const platform of Object.values(asTable(manifest.target))) addKeys(asTable(platform));
  for (const name of direct) devOnly.delete(name);

  const crates = (Array.isArray(lock.package) ? lock.package : []) as LockedCrate[];
  const rootName = asTable(manifest.package).name;
  const root = crates.find((crate) => crate.name === rootName && crate.source === undefined);
  if (!root) throw new Error(`Cargo.lock has no package "${String(rootName)}"`);
  const reached = new Set<LockedCrate>();
  const queue = (root.dependencies ?? []).filter((spec) => !devOnly.has(spec.split(" ")[0]!)).map((spec) => findCrate(crates, spec));
  while (queue.length > 0) {
    const crate = queue.shift()!;
    if (crate === root || reached.has(crate)) continue;
    reached.add(crate);
    for (const spec of crate.dependencies ?? []) queue.push(findCrate(crates, spec));
  }
  return { direct: direct.size, total: reached.size };
}

/** The crates a dependency table names: its keys, or `package = "…"` where a key renames one. */
function crateNames(table: Table): string[] {
  return Object.entries(table).map(([key, value]) => {
    const renamed = asTable(value).package;
    return typeof renamed === "string" ? renamed : key;
  });
}

/** A lock `dependencies` entry is "name", or "name version" when two versions are locked, or "name version (source)". */
function findCrate(crates: LockedCrate[], spec: string): LockedCrate {
  const [name, version] = spec.split(" ");
  const found = crates.find((crate) => crate.name === name && (version === undefined || crate.version === version));
  if (!found) throw new Error(`Cargo.lock names "${spec}" but has no such package`);
  return found;
}

function asTable(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}
