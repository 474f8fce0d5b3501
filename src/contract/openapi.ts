import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { specDir } from "../paths.js";

/** The parts of spec/openapi.yaml the harness reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

let cached: OpenApiDocument | undefined;

/** spec/openapi.yaml, parsed once: the harness checks the contract as published, never a copy. */
export function openApiDocument(): OpenApiDocument {
  cached ??= parse(readFileSync(join(specDir, "openapi.yaml"), "utf8")) as OpenApiDocument;
  return cached;
}
