// Generates spec/results.schema.json from src/results/types.ts, the one source of truth for
// the shape of results.json: `npm run schema` writes it, and test/results/results-schema.test.ts
// fails when the committed file differs from what this would write.
//
// ts-json-schema-generator reads the types (doc comments become descriptions) and writes
// draft-07. Two steps follow, each a rewrite that keeps the meaning:
// - draft-07 → 2020-12 (`definitions` → `$defs`), the draft read-results.ts validates with
//   and that spec/openapi.yaml (OpenAPI 3.1) uses;
// - a union of closed objects told apart by one constant property (TargetResult on
//   `status`) becomes `if status is X then …`, with the properties every member shares
//   written once. The generator's `anyOf` would repeat them per member (TargetDescription
//   eight times) and make Ajv report every member's complaint for one bad target.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { createFormatter, createParser, SchemaGenerator } from "ts-json-schema-generator";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typesFile = join(root, "src", "results", "types.ts");
export const resultsSchemaFile = join(root, "spec", "results.schema.json");

const config = {
  path: typesFile,
  type: "Results",
  expose: "export",
  topRef: true,
  jsDoc: "extended",
  sortProps: false,
  strictTuples: false,
  skipTypeCheck: true,
  encodeRefs: true,
  minify: false,
  extraTags: [],
  additionalProperties: false,
  discriminatorType: "json-schema",
  functions: "fail",
};

/** The schema for results.json, as an object: about a second on a busy 2-core machine, types.ts being compiled alone. */
export function generateResultsSchema() {
  const program = compileTypes();
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);
  // With topRef the root is a $ref to Results, whose definition keeps its doc comment (the
  // generator drops it when inlining the root); Results then becomes the root itself.
  const { Results: results, ...definitions } = generator.createSchema(config.type).definitions ?? {};
  const { description, ...shape } = results;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://crudbench.dev/spec/results.schema.json",
    title: "crudbench results.json",
    description,
    ...toDraft2020(shape),
    $defs: toDraft2020(definitions),
  };
}

/**
 * types.ts on its own, with the project's strictness (nulls matter to the schema) but no
 * @types packages (it imports nothing) and no checking of lib files: with either, this
 * took seconds rather than a fraction of one.
 */
function compileTypes() {
  const program = ts.createProgram([typesFile], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    throw new Error(`src/results/types.ts does not compile on its own:\n${ts.formatDiagnostics(problems, host)}`);
  }
  return program;
}

/** Rewrites the generator's draft-07 into 2020-12, depth first. */
function toDraft2020(node) {
  if (Array.isArray(node)) return node.map(toDraft2020);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace("#/definitions/", "#/$defs/");
    else if (key === "items" && Array.isArray(value)) out.prefixItems = toDraft2020(value);
    else if (key === "additionalItems") out.items = toDraft2020(value);
    else out[key] = toDraft2020(value);
  }
  return Array.isArray(out.anyOf) ? discriminated(out) ?? out : out;
}

/**
 * `anyOf` over closed objects that each fix the same property to a different constant, as
 * one object: the properties every member shares (identical, required in all or none)
 * stated once, then `if <property> is X then <X's own properties>` per member. Each `then`
 * stays closed itself (the shared names allowed as `true`), so a bad target gets the
 * complaints of its own status only. Accepts exactly what the `anyOf` did; undefined when
 * the union is not of that kind.
 */
function discriminated(schema) {
  const { anyOf: members, ...rest } = schema;
  const closed = members.every((m) => m.type === "object" && m.additionalProperties === false && m.properties && !m.patternProperties);
  if (!closed) return undefined;
  const isRequired = (m, p) => (m.required ?? []).includes(p);
  const key = Object.keys(members[0].properties).find((k) => {
    const values = members.map((m) => m.properties[k]?.const);
    return values.every((v) => typeof v === "string") && new Set(values).size === members.length && members.every((m) => isRequired(m, k));
  });
  if (key === undefined) return undefined;

  const shared = Object.keys(members[0].properties).filter(
    (p) => p !== key && members.every((m) => isDeepStrictEqual(m.properties[p], members[0].properties[p]) && isRequired(m, p) === isRequired(members[0], p)),
  );
  const own = (m) => Object.keys(m.properties).filter((p) => p !== key && !shared.includes(p));
  const branchOf = (m) => ({
    properties: {
      ...Object.fromEntries([key, ...shared].map((p) => [p, true])),
      ...Object.fromEntries(own(m).map((p) => [p, m.properties[p]])),
    },
    required: own(m).filter((p) => isRequired(m, p)),
    additionalProperties: false,
  });
  // Members with the same fields (skipped, failed-prepare and failed-start: a reason) share a branch.
  const branches = [];
  for (const m of members) {
    const same = branches.find((b) => isDeepStrictEqual(b.then, branchOf(m)));
    if (same) same.values.push(m.properties[key].const);
    else branches.push({ values: [m.properties[key].const], then: branchOf(m) });
  }
  return {
    ...rest,
    type: "object",
    properties: {
      [key]: { type: "string", enum: members.map((m) => m.properties[key].const) },
      ...Object.fromEntries(shared.map((p) => [p, members[0].properties[p]])),
    },
    required: [key, ...shared.filter((p) => isRequired(members[0], p))],
    allOf: branches.map(({ values, then }) => ({
      if: { properties: { [key]: values.length === 1 ? { const: values[0] } : { enum: values } } },
      then,
    })),
  };
}

/** The file's text: two-space JSON with a final newline, as the rest of spec/. */
export const formatSchema = (schema) => `${JSON.stringify(schema, null, 2)}\n`;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const text = formatSchema(generateResultsSchema());
  const changed = readFileSync(resultsSchemaFile, "utf8") !== text;
  writeFileSync(resultsSchemaFile, text);
  const ms = Math.round(performance.now() - started);
  console.error(`${changed ? "wrote" : "unchanged:"} spec/results.schema.json (${text.split("\n").length - 1} lines, ${ms} ms)`);
}
