import { existsSync } from "node:fs";
import { join } from "node:path";
import { countCargoDependencies } from "./cargo.js";
import type { Counted } from "./counted.js";
import { countGoDependencies } from "./go.js";
import { countNpmDependencies, type NpmClosure } from "./npm.js";
import { countPythonDependencies } from "./python.js";

/**
 * Counts a target's dependencies by the ecosystem its folder shows (Cargo.toml, go.mod,
 * requirements.txt, package.json, first match wins). For npm targets the production closure
 * comes too, for the node_modules share of the artefact.
 */
export function countDependencies(targetDir: string): Counted & { closure?: NpmClosure } {
  if (existsSync(join(targetDir, "Cargo.toml"))) return countCargoDependencies(targetDir);
  if (existsSync(join(targetDir, "go.mod"))) return countGoDependencies(targetDir);
  if (existsSync(join(targetDir, "requirements.txt"))) return countPythonDependencies(targetDir);
  if (existsSync(join(targetDir, "package.json"))) return countNpmDependencies(targetDir);
  return { reason: "no Cargo.toml, go.mod, requirements.txt or package.json in the target folder" };
}
