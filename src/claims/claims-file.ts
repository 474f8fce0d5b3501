import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parseDocument } from "yaml";
import { CrudbenchError, describeError } from "../errors.js";
import { specDir } from "../paths.js";
import { CRUD_OPERATIONS, type CrudOperation } from "../results/types.js";
import { METRIC_FAMILY, PER_OPERATION, RELATION_FAMILY, type ClaimMetric, type ClaimSpec, type ClaimsFile, type Opponents, type Relation, type RelationKind } from "./claim-spec.js";

/**
 * Reads a claims file (YAML or JSON; spec/claims.schema.json) into ClaimSpecs. Every problem
 * is reported at once, each naming its field (`claims[2].expect.faster_by: …`), so an
 * author fixes them in one go. Target names are not checked: the run decides which targets
 * exist, and a claim about one it did not measure is "not measured", not a broken file.
 */

/** The file as written (what the schema allows). */
interface RawClaim {
  id: string;
  text: string;
  metric: ClaimMetric | ClaimMetric[];
  operations?: CrudOperation[];
  subject: string;
  versus: string | string[] | { language: string[] };
  expect: {
    faster_by?: [number, number];
    at_least_faster?: number;
    slowest?: true;
    less_memory_percent?: [number, number];
    memory_difference_mb?: { value: number; tolerance: number };
    most_memory?: true;
  };
}
interface RawFile {
  source?: string;
  claims: RawClaim[];
}

let validator: ReturnType<Ajv2020["compile"]> | undefined;
function schemaValidator() {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(specDir, "claims.schema.json"), "utf8")) as object);
  return validator;
}

/** "/claims/2/expect/faster_by" → "claims[2].expect.faster_by". */
function fieldName(instancePath: string): string {
  if (instancePath === "") return "(top level)";
  return instancePath
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === "" ? segment : `${path}.${segment}`), "");
}

/** What a field of several shapes may be, said once instead of one complaint per shape. */
const SHAPES: Record<string, string> = {
  metric: "must be one of single, bulk, cpu, throughput, peak_memory, idle_memory, or a list of them",
  versus: "must be a target name, a list of target names, or { language: [names of languages] }",
};

function schemaProblems(value: unknown): string[] {
  const validate = schemaValidator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // A value that fits none of a field's shapes makes Ajv complain about each shape; the
  // field's one-line description says it better.
  const oneOfPaths = errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath);
  // (Every error at or below such a field comes from its shapes: the oneOf is all its schema says.)
  const insideOneOf = (e: ErrorObject) => e.keyword !== "oneOf" && oneOfPaths.some((path) => e.instancePath === path || e.instancePath.startsWith(`${path}/`));
  return errors.filter((e) => !insideOneOf(e)).map((e) => describeSchemaError(e));
}

function describeSchemaError(error: ErrorObject): string {
  const where = fieldName(error.instancePath);
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; allowedValue?: unknown; missingProperty?: string };
  if (error.keyword === "oneOf") return `${where}: ${SHAPES[where.replace(/.*\./, "")] ?? "does not fit any of its allowed shapes"}`;
  if (error.keyword === "additionalProperties") return `${where}: unknown field "${params.additionalProperty}"`;
  if (error.keyword === "required") return `${where}: missing field "${params.missingProperty}"`;
  if (error.keyword === "enum") return `${where}: must be one of ${params.allowedValues?.join(", ")}`;
  if (error.keyword === "const") return `${where}: must be ${JSON.stringify(params.allowedValue)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}

function relationsOf(expect: RawClaim["expect"]): Relation[] {
  const relations: Relation[] = [];
  if (expect.faster_by) relations.push({ kind: "faster_by", low: expect.faster_by[0], high: expect.faster_by[1] });
  if (expect.at_least_faster !== undefined) relations.push({ kind: "at_least_faster", factor: expect.at_least_faster });
  if (expect.slowest) relations.push({ kind: "slowest" });
  if (expect.less_memory_percent) relations.push({ kind: "less_memory_percent", low: expect.less_memory_percent[0], high: expect.less_memory_percent[1] });
  if (expect.memory_difference_mb) relations.push({ kind: "memory_difference_mb", ...expect.memory_difference_mb });
  if (expect.most_memory) relations.push({ kind: "most_memory" });
  return relations;
}

function opponentsOf(versus: RawClaim["versus"]): Opponents {
  if (typeof versus === "string") return { kind: "targets", names: [versus] };
  if (Array.isArray(versus)) return { kind: "targets", names: versus };
  return { kind: "languages", languages: versus.language };
}

const RELATIONS_OF: Record<"speed" | "memory", string> = { speed: "faster_by, at_least_faster or slowest", memory: "less_memory_percent, memory_difference_mb or most_memory" };
const METRICS_OF: Record<"speed" | "memory", string> = { speed: "single, bulk, cpu, throughput", memory: "peak_memory, idle_memory" };

/** The rules the schema cannot say, for one claim that fits it; a ClaimSpec when none is broken. */
function checkClaim(raw: RawClaim, at: string, problems: string[]): ClaimSpec {
  const metrics = Array.isArray(raw.metric) ? raw.metric : [raw.metric];
  const relations = relationsOf(raw.expect);
  const range = (kind: RelationKind, low: number, high: number) => {
    if (low > high) problems.push(`${at}.expect.${kind}: lo must be ≤ hi (got [${low}, ${high}])`);
  };
  for (const relation of relations) {
    if (relation.kind === "faster_by") {
      range("faster_by", relation.low, relation.high);
      if (relation.low <= 0) problems.push(`${at}.expect.faster_by: a factor must be above 0 (got ${relation.low})`);
    }
    if (relation.kind === "less_memory_percent") {
      range("less_memory_percent", relation.low, relation.high);
      if (relation.high >= 100) problems.push(`${at}.expect.less_memory_percent: must be below 100% (100% less is no memory at all)`);
    }
  }
  for (const family of ["speed", "memory"] as const) {
    const ofFamily = relations.filter((r) => RELATION_FAMILY[r.kind] === family);
    const metricsOfFamily = metrics.filter((m) => METRIC_FAMILY[m] === family);
    if (ofFamily.length > 1) problems.push(`${at}.expect: at most one of ${RELATIONS_OF[family]} (got ${ofFamily.map((r) => r.kind).join(", ")})`);
    // A relation must fit the metric: "uses 40% less memory" says nothing of single-request latency.
    for (const relation of ofFamily) if (metricsOfFamily.length === 0) problems.push(`${at}.expect.${relation.kind}: a ${family} relation, but metric names no ${family} metric (${METRICS_OF[family]})`);
    for (const metric of metricsOfFamily) if (ofFamily.length === 0) problems.push(`${at}.metric: ${metric} needs a ${family} relation in expect (${RELATIONS_OF[family]})`);
  }
  if (raw.operations && !metrics.some((m) => PER_OPERATION.has(m))) problems.push(`${at}.operations: applies to single, bulk and cpu only, and metric names none of them`);
  const versus = opponentsOf(raw.versus);
  if (versus.kind === "targets" && versus.names.includes(raw.subject)) problems.push(`${at}.versus: names the subject ${raw.subject} itself`);
  return { id: raw.id, text: raw.text, metrics, operations: raw.operations ?? [...CRUD_OPERATIONS], subject: raw.subject, versus, relations };
}

/** Parsed claims, or every problem found (schema first: the semantic rules assume its shapes). */
export function validateClaims(value: unknown, file: string): { claims: ClaimsFile } | { problems: string[] } {
  const problems = schemaProblems(value);
  if (problems.length > 0) return { problems };
  const raw = value as RawFile;
  const firstUse = new Map<string, number>();
  const claims = raw.claims.map((claim, index) => {
    const at = `claims[${index}]`;
    const earlier = firstUse.get(claim.id);
    if (earlier !== undefined) problems.push(`${at}.id: "${claim.id}" is already the id of claims[${earlier}]`);
    else firstUse.set(claim.id, index);
    return checkClaim(claim, at, problems);
  });
  return problems.length > 0 ? { problems } : { claims: { file, source: raw.source ?? null, claims } };
}

/** Reads and checks a claims file; an unreadable or invalid one is a usage error (exit 2) listing every problem. */
export function readClaimsFile(file: string, shownAs: string = file): ClaimsFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CrudbenchError(`cannot read claims file ${shownAs}: ${describeError(error)}`, { hint: "pass a claims file in YAML or JSON (see spec/claims.schema.json and claims/seed-report.yaml)" });
  }
  // YAML is a superset of JSON, so one parser reads both; duplicate keys are errors.
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new CrudbenchError(`claims file ${shownAs} is not valid YAML or JSON:\n  ${document.errors.map((e) => e.message.split("\n")[0]).join("\n  ")}`, { hint: "check the line named above" });
  }
  const checked = validateClaims(document.toJS(), shownAs);
  if ("problems" in checked) {
    throw new CrudbenchError(`claims file ${shownAs} is not valid:\n  ${checked.problems.join("\n  ")}`, { hint: "the format is spec/claims.schema.json; claims/seed-report.yaml is an example" });
  }
  return checked.claims;
}
