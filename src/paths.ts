import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The crudbench checkout: found by walking up to spec/, so it works from src/ and dist/. */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "spec", "openapi.yaml")) && existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the crudbench folder above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const specDir = join(packageRoot, "spec");
export const defaultTargetsDir = join(packageRoot, "targets");
export const defaultResultsDir = join(packageRoot, "results");
