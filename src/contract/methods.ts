import { openApiDocument } from "./openapi.js";

const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The methods each path of spec/openapi.yaml serves, upper-case: those declared under it,
 * plus HEAD wherever it serves GET (spec/README.md, "Methods"). Every other method on the
 * path is a 405 whose `Allow` header must list exactly these.
 */
export function servedMethods(path: string): ReadonlySet<string> {
  const item = openApiDocument().paths[path];
  if (!item) throw new Error(`spec/openapi.yaml has no path ${path}`);
  const declared = OPERATION_METHODS.filter((method) => method in item).map((method) => method.toUpperCase());
  return new Set(declared.includes("GET") ? [...declared, "HEAD"] : declared);
}

/** The methods of an `Allow` header value (`GET, HEAD`), upper-case; empty when absent. */
export function parseAllow(value: string | undefined): string[] {
  return (value ?? "").split(",").map((method) => method.trim().toUpperCase()).filter((method) => method.length > 0);
}
