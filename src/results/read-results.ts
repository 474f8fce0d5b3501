import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { CrudbenchError, describeError } from "../errors.js";
import { specDir } from "../paths.js";
import type { Results } from "./types.js";

let validator: ReturnType<Ajv2020["compile"]> | undefined;

/** Validates parsed results against spec/results.schema.json; every problem, or none. */
export function resultsProblems(value: unknown): string[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(specDir, "results.schema.json"), "utf8")) as object);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`);
}

/** Reads a results.json for `report`/`compare`; a missing, corrupt or foreign file is a usage error. */
export function readResults(file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CrudbenchError(`cannot read results file ${file}: ${describeError(error)}`, { hint: "pass a results.json written by `crudbench run`" });
  }
  const problems = resultsProblems(parsed);
  if (problems.length > 0) {
    throw new CrudbenchError(`${file} is not a valid crudbench results file:\n  ${problems.slice(0, 10).join("\n  ")}`, {
      hint: "the format is spec/results.schema.json",
    });
  }
  return parsed as Results;
}
