import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { CrudbenchError, describeError } from "../errors.js";
import { specDir } from "../paths.js";
import { COMPATIBLE_SCHEMA_VERSIONS, RESULTS_SCHEMA_VERSION, type Results } from "./types.js";

let validator: ReturnType<Ajv2020["compile"]> | undefined;

/**
 * Validates parsed results against spec/results.schema.json (generated from types.ts);
 * every problem, or none.
 */
export function resultsProblems(value: unknown): string[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(specDir, "results.schema.json"), "utf8")) as object);
  if (validator(value)) return [];
  // Ajv also reports each branch that did not apply: the `then` of a target's status
  // (`if status is X then …`), and for `X | null` the `null` and the `anyOf` over both. The
  // error inside the branch that was meant is the one to show.
  const errors = (validator.errors ?? []).filter((e) => e.keyword !== "if" && e.keyword !== "anyOf");
  const besideAnother = (e: ErrorObject) => errors.some((other) => other !== e && other.instancePath === e.instancePath);
  return errors.filter((e) => !(e.keyword === "type" && e.params.type === "null" && besideAnother(e))).map(describe);
}

/** "/targets/0 must NOT have additional properties: memry", with the name or values Ajv keeps apart. */
function describe(error: ErrorObject): string {
  const where = error.instancePath || "(root)";
  const message = error.message ?? error.keyword;
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; allowedValue?: unknown };
  if (error.keyword === "additionalProperties") return `${where} ${message}: ${params.additionalProperty}`;
  if (error.keyword === "enum") return `${where} ${message}: ${params.allowedValues?.join(", ")}`;
  if (error.keyword === "const") return `${where} ${message}: ${JSON.stringify(params.allowedValue)}`;
  return `${where} ${message}`;
}

/** Reads a results.json for `report`/`compare`; a missing, corrupt or foreign file is a usage error. */
export function readResults(file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CrudbenchError(`cannot read results file ${file}: ${describeError(error)}`, { hint: "pass a results.json written by `crudbench run`" });
  }
  const version = (parsed as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === "number" && COMPATIBLE_SCHEMA_VERSIONS.includes(version)) (parsed as { schema_version: number }).schema_version = RESULTS_SCHEMA_VERSION;
  else if (typeof version === "number" && version !== RESULTS_SCHEMA_VERSION) {
    // Another schema is not "invalid": it is another format, and its fields mean other things.
    throw new CrudbenchError(`${file} uses results schema ${version}; this crudbench reads schema ${RESULTS_SCHEMA_VERSION}`, {
      hint: version < RESULTS_SCHEMA_VERSION ? "re-run `crudbench run` to measure it again with this crudbench, or read it with the crudbench version that wrote it" : "read it with the newer crudbench that wrote it",
    });
  }
  const problems = resultsProblems(parsed);
  if (problems.length > 0) {
    throw new CrudbenchError(`${file} is not a valid crudbench results file:\n  ${problems.slice(0, 10).join("\n  ")}`, {
      hint: "the format is spec/results.schema.json",
    });
  }
  return parsed as Results;
}
