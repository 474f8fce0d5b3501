import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { describeError } from "../../errors.js";
import type { Counted } from "./counted.js";

type Table = Record<string, unknown>;

const NOTE =
  "as locked: Cargo.lock holds every platform's crates (windows-* and the like), more than a Linux build compiles; direct counts [dependencies] and [build-dependencies] (build scripts' crates are compiled for every build), not [dev-dependencies]";

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
  return { counts: { ...cargoCounts(manifest, lock), source: "Cargo.lock", note: NOTE } };
}

/**
 * Direct: the distinct crates named in `[dependencies]` and `[build-dependencies]`, including
 * platform-specific `[target.'cfg(…)'.…]` ones. Total: every `[[package]]` in the lock but the
 * root package (the one named as in Cargo.toml's `[package]`, without a `source`).
 */
export function cargoCounts(manifest: Table, lock: Table): { direct: number; total: number } {
  const direct = new Set<string>();
  const addKeys = (table: Table) => {
    for (const section of ["dependencies", "build-dependencies"]) for (const name of Object.keys(asTable(table[section]))) direct.add(name);
  };
  addKeys(manifest);
  for (const platform of Object.values(asTable(manifest.target))) addKeys(asTable(platform));
  const rootName = asTable(manifest.package).name;
  const packages = Array.isArray(lock.package) ? (lock.package as Table[]) : [];
  const total = packages.filter((entry) => !(entry.name === rootName && entry.source === undefined)).length;
  return { direct: direct.size, total };
}

function asTable(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}
