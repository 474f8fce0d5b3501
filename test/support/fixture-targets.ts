import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultTargetsDir, packageRoot } from "../../src/paths.js";

const fixturesDir = join(packageRoot, "test", "fixtures", "targets");

/** A temporary targets folder linking the named fixture targets beside the real fastify-raw. */
export function targetsDirWithFixtures(fixtures: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-targets-"));
  for (const name of fixtures) symlinkSync(join(fixturesDir, name), join(dir, name));
  symlinkSync(join(defaultTargetsDir, "fastify-raw"), join(dir, "fastify-raw"));
  return dir;
}
