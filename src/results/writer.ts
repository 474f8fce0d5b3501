import { cpSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CrudbenchError, describeError } from "../errors.js";

/**
 * Writes a file so that a reader (or a crash) never sees half of it: write a temporary
 * file beside it, then rename over the target, which is atomic on one filesystem.
 */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CrudbenchError(`cannot write ${path}: ${describeError(error)}`, { hint: "check that the results folder is writable (--out DIR)", cause: error });
  }
}

/**
 * Creates a folder and its missing parents, one level at a time. Node's own recursive mkdir
 * never returns for a path under /proc (it retries ENOENT forever); a file in the way is named.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!statSync(current).isDirectory()) throw new CrudbenchError(`cannot create ${dir}: ${current} is a file, not a folder`, { hint: "choose another folder with --out" });
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw new CrudbenchError(`cannot create ${path}: ${describeError(error)}`, { hint: "choose a writable folder with --out", cause: error });
    }
  }
}

export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(dir);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw new CrudbenchError(`results folder ${dir} is not writable: ${describeError(error)}`, { hint: "pass --out with a writable folder" });
  }
}

/**
 * Points results/latest at a finished run: a symlink where the filesystem allows it,
 * else a copy. Replaced atomically (new link, then rename).
 */
export function updateLatest(resultsRoot: string, runDir: string): void {
  const latest = join(resultsRoot, "latest");
  const temporary = join(resultsRoot, `.latest-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  try {
    symlinkSync(basename(runDir), temporary, "dir");
  } catch {
    cpSync(runDir, temporary, { recursive: true });
  }
  try {
    if (isRealDirectory(latest)) rmSync(latest, { recursive: true, force: true });
    renameSync(temporary, latest);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw new CrudbenchError(`cannot update ${latest}: ${describeError(error)}`);
  }
}

function isRealDirectory(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && !stat.isSymbolicLink();
  } catch {
    return false;
  }
}
