import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { openApiDocument } from "./openapi.js";

/**
 * Validators for the response bodies of spec/openapi.yaml, built from the spec itself so the
 * harness can never check a different contract than the one published.
 */
export type ContractSchemaName = "Task" | "TaskList" | "Error" | "Health";

export interface ContractValidators {
  /** undefined when valid, else a readable reason. */
  check(schema: ContractSchemaName, value: unknown): string | undefined;
}

let cached: ContractValidators | undefined;

export function contractValidators(): ContractValidators {
  if (cached) return cached;
  const openapi = openApiDocument();
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; moving them under $defs lets Ajv resolve refs.
  const defs = JSON.parse(JSON.stringify(openapi.components.schemas).replaceAll("#/components/schemas/", "#/$defs/")) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  const validators = new Map<ContractSchemaName, ValidateFunction>();
  for (const name of ["Task", "TaskList", "Error", "Health"] as const) {
    validators.set(name, ajv.compile({ $defs: defs, $ref: `#/$defs/${name}` }));
  }
  cached = {
    check(schema, value) {
      const validate = validators.get(schema)!;
      if (validate(value)) return undefined;
      const first = validate.errors?.[0];
      return `body is not a ${schema}: ${first ? `${first.instancePath || "(root)"} ${first.message ?? ""}` : "invalid"}`.trim();
    },
  };
  return cached;
}
