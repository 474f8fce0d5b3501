import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../../errors.js";
import type { Counted } from "./counted.js";

/** A requirements.txt line: the package, the extras asked for, and whether it is pinned with `==`. */
export interface Requirement {
  name: string;
  extras: string[];
  pinned: boolean;
  marker: string | null;
}

/** One installed distribution's metadata: its name and its `Requires-Dist` lines. */
export interface InstalledDistribution {
  name: string;
  requiresDist: string[];
}

/** PEP 503 name normalisation: `Typing_Extensions` and `typing-extensions` are one package. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const NAME = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

/** Reads requirements.txt: one entry per package (extras merged), options and comments skipped. */
export function parseRequirements(text: string): Requirement[] {
  const byName = new Map<string, Requirement>();
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/(^|\s)#.*$/, "").trim();
    if (line === "" || line.startsWith("-")) continue;
    const semicolon = line.indexOf(";");
    const spec = semicolon < 0 ? line : line.slice(0, semicolon);
    const marker = semicolon < 0 ? null : line.slice(semicolon + 1).trim();
    const match = NAME.exec(spec.trim());
    if (!match) continue;
    const name = normaliseName(match[1]!);
    const extras = (match[2] ?? "").split(",").map((extra) => normaliseName(extra.trim())).filter(Boolean);
    const pinned = /^===?\s*[^\s,]+$/.test((match[3] ?? "").trim());
    const known = byName.get(name);
    if (known) known.extras = [...new Set([...known.extras, ...extras])];
    else byName.set(name, { name, extras, pinned, marker });
  }
  return [...byName.values()];
}

/**
 * Splits one `Requires-Dist` value into the required package, the extras it asks of it, and
 * the extras of the requiring package it depends on (empty: it always applies). Other markers
 * (python_version, sys_platform…) are taken as applying: they only decide whether a package
 * already pinned in requirements.txt is someone's dependency, and the pin says the tree needs it.
 */
export function parseRequiresDist(value: string): { name: string; extras: string[]; onlyWithExtras: string[] } | undefined {
  const semicolon = value.indexOf(";");
  const spec = semicolon < 0 ? value : value.slice(0, semicolon);
  const marker = semicolon < 0 ? "" : value.slice(semicolon + 1);
  const match = NAME.exec(spec.trim());
  if (!match) return undefined;
  const onlyWithExtras = [...marker.matchAll(/\bextra\s*==\s*["']([^"']+)["']/g)].map((m) => normaliseName(m[1]!));
  const extras = (match[2] ?? "").split(",").map((extra) => normaliseName(extra.trim())).filter(Boolean);
  return { name: normaliseName(match[1]!), extras, onlyWithExtras };
}

/**
 * Direct and total for a fully pinned requirements.txt. Total: its packages that are installed
 * (a package behind an environment marker that this machine skipped is left out). Direct: those
 * no other of them requires, by the installed metadata, with the extras asked for followed
 * (`psycopg[binary]` requires psycopg-binary). Returns the names it could not place.
 */
export function pythonCounts(requirements: Requirement[], installed: Map<string, InstalledDistribution>): { direct: string[]; total: string[]; skipped: string[]; notInstalled: string[] } {
  const skipped = requirements.filter((r) => r.marker !== null && !installed.has(r.name)).map((r) => r.name);
  const notInstalled = requirements.filter((r) => r.marker === null && !installed.has(r.name)).map((r) => r.name);
  const counted = requirements.filter((r) => installed.has(r.name)).map((r) => r.name);
  const countedSet = new Set(counted);
  const extras = new Map(requirements.map((r) => [r.name, new Set(r.extras)]));
  const requiredByOthers = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of counted) {
      for (const line of installed.get(name)!.requiresDist) {
        const required = parseRequiresDist(line);
        if (!required || required.name === name) continue;
        const asked = extras.get(name) ?? new Set<string>();
        if (required.onlyWithExtras.length > 0 && !required.onlyWithExtras.some((extra) => asked.has(extra))) continue;
        if (!countedSet.has(required.name)) continue;
        requiredByOthers.add(required.name);
        const theirs = extras.get(required.name) ?? new Set<string>();
        for (const extra of required.extras) {
          if (!theirs.has(extra)) {
            theirs.add(extra);
            changed = true;
          }
        }
        extras.set(required.name, theirs);
      }
    }
  }
  return { direct: counted.filter((name) => !requiredByOthers.has(name)), total: counted, skipped, notInstalled };
}

/** The installed distributions of a virtualenv, by normalised name, read from their METADATA. */
export function readVirtualenv(venvDir: string): Map<string, InstalledDistribution> | undefined {
  const lib = join(venvDir, "lib");
  if (!existsSync(lib)) return undefined;
  const installed = new Map<string, InstalledDistribution>();
  for (const python of readdirSync(lib).filter((name) => name.startsWith("python"))) {
    const sitePackages = join(lib, python, "site-packages");
    if (!existsSync(sitePackages)) continue;
    for (const entry of readdirSync(sitePackages).filter((name) => name.endsWith(".dist-info"))) {
      const metadataFile = join(sitePackages, entry, "METADATA");
      if (!existsSync(metadataFile)) continue;
      const distribution = parseMetadata(readFileSync(metadataFile, "utf8"));
      if (distribution) installed.set(distribution.name, distribution);
    }
  }
  return installed;
}

/** Reads the `Name:` and `Requires-Dist:` headers of a METADATA file (the headers end at the first empty line). */
export function parseMetadata(text: string): InstalledDistribution | undefined {
  const headers = text.split(/\r?\n\r?\n/)[0]!.split(/\r?\n/);
  const name = headers.find((line) => line.startsWith("Name:"))?.slice(5).trim();
  if (!name) return undefined;
  const requiresDist = headers.filter((line) => line.startsWith("Requires-Dist:")).map((line) => line.slice(14).trim());
  return { name: normaliseName(name), requiresDist };
}

/** Counts a Python target's packages from requirements.txt and its virtualenv's metadata. */
export function countPythonDependencies(targetDir: string): Counted {
  let requirements: Requirement[];
  try {
    requirements = parseRequirements(readFileSync(join(targetDir, "requirements.txt"), "utf8"));
  } catch (error) {
    return { reason: `could not read requirements.txt: ${describeError(error)}` };
  }
  const installed = readVirtualenv(join(targetDir, ".venv"));
  if (!installed) {
    return { reason: `direct dependencies come from the virtualenv's package metadata, and .venv is missing: prepare the target first (requirements.txt names ${requirements.length} packages)` };
  }
  const { direct, total, skipped, notInstalled } = pythonCounts(requirements, installed);
  if (notInstalled.length > 0) return { reason: `requirements.txt names packages .venv lacks (${notInstalled.join(", ")}): prepare the target again` };
  const notes = ["pip and setuptools, which the virtualenv brings, are not counted"];
  const unpinned = requirements.filter((r) => !r.pinned).map((r) => r.name);
  if (unpinned.length > 0) notes.push(`not pinned with ==, so the tree may be incomplete: ${unpinned.join(", ")}`);
  if (skipped.length > 0) notes.push(`not installed on this platform (environment marker): ${skipped.join(", ")}`);
  return { counts: { direct: direct.length, total: total.length, source: "requirements.txt + .venv metadata", note: notes.join("; ") } };
}
