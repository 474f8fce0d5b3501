import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { PREPARE_PLACEHOLDERS, START_PLACEHOLDERS, unknownPlaceholders, type StartCommand } from "../lifecycle/command.js";
import { specDir } from "../paths.js";

/** The typed form of spec/target.schema.json. Keep the two in step. */
export interface TargetManifest {
  name: string;
  displayName: string;
  language: string;
  framework: { name: string; version: string };
  /** "unknown" only for a remote target (`--url`), which has no manifest. */
  dataAccess: { style: "raw" | "orm" | "unknown"; library: string; version: string };
  databases: DatabaseKind[];
  /** processes: null only for a remote target, whose processes crudbench cannot see. */
  server: { processes: number | null; threadsPerProcess?: number; model: string; notes?: string };
  requires?: { command: string; hint: string }[];
  prepare?: PrepareStep[];
  /** Paths, relative to the target folder, of what it runs from beyond its source: the release binary, the virtualenv, compiled output. */
  artefacts?: string[];
  start: StartCommand;
}

export type DatabaseKind = "sqlite" | "postgres";

export interface PrepareStep {
  name: string;
  run: string[];
  inputs?: string[];
  outputs?: string[];
  timeoutSeconds?: number;
}

/** A manifest as loaded from disk: where it lives, plus what it says. */
export interface Target {
  dir: string;
  manifest: TargetManifest;
  /** A server started elsewhere (`--url NAME=URL`): nothing to prepare, start or stop; `dir` is empty. */
  remote?: { url: string };
}

let compiled: ReturnType<Ajv2020["compile"]> | undefined;
function manifestValidator() {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(join(specDir, "target.schema.json"), "utf8")) as object;
    compiled = new Ajv2020({ allErrors: true, strict: true, strictTuples: false }).compile(schema);
  }
  return compiled;
}

/**
 * Validates a parsed target.json. Returns every problem at once, each naming the field,
 * so a manifest author fixes them in one go.
 */
export function validateManifest(value: unknown, folderName: string): { manifest: TargetManifest } | { problems: string[] } {
  const validate = manifestValidator();
  const problems: string[] = [];
  if (!validate(value)) problems.push(...(validate.errors ?? []).map(describeSchemaError));
  else {
    const manifest = value as TargetManifest;
    if (manifest.name !== folderName) problems.push(`name "${manifest.name}" must equal the folder name "${folderName}"`);
    problems.push(...placeholderProblems(manifest));
    if (problems.length === 0) return { manifest };
  }
  return { problems };
}

/** Unknown placeholders are caught here, so they fail validation rather than a start. */
function placeholderProblems(manifest: TargetManifest): string[] {
  const problems: string[] = [];
  const check = (where: string, template: string, allowed: readonly string[]) => {
    for (const unknown of unknownPlaceholders(template, allowed)) problems.push(`${where}: unknown placeholder ${unknown} (allowed here: ${allowed.map((name) => `{${name}}`).join(", ")})`);
  };
  manifest.start.command.forEach((part, index) => check(`start.command.${index}`, part, START_PLACEHOLDERS));
  for (const [key, value] of Object.entries(manifest.start.env ?? {})) check(`start.env.${key}`, value, START_PLACEHOLDERS);
  (manifest.prepare ?? []).forEach((step, stepIndex) => step.run.forEach((part, index) => check(`prepare.${stepIndex}.run.${index}`, part, PREPARE_PLACEHOLDERS)));
  return problems;
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(top level)" : error.instancePath.slice(1).replaceAll("/", ".");
  if (error.keyword === "additionalProperties") {
    return `${where}: unknown field "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === "enum") return `${where}: must be one of ${JSON.stringify(error.params.allowedValues)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}
