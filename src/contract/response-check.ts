import { headerValue, type HttpResponse } from "../http/client.js";
import { contractValidators, type ContractSchemaName } from "./schemas.js";

export interface ResponseExpectation {
  status: number;
  /** The body must be JSON matching this schema of spec/openapi.yaml. */
  schema?: ContractSchemaName;
  /** The response must have no body (204). */
  empty?: boolean;
}

export type CheckedResponse = { ok: true; json: unknown } | { ok: false; reason: string };

/**
 * The one check of a response against the contract, shared by conformance and by every
 * timed request of the workloads: status, Content-Type, and body shape.
 */
export function checkResponse(response: HttpResponse, expectation: ResponseExpectation): CheckedResponse {
  if (response.status !== expectation.status) {
    return { ok: false, reason: `expected status ${expectation.status}, got ${response.status}${bodyHint(response.body)}` };
  }
  if (expectation.empty) {
    return response.body.length === 0 ? { ok: true, json: undefined } : { ok: false, reason: `expected no body, got ${bodyHint(response.body)}` };
  }
  if (!expectation.schema) return { ok: true, json: undefined };
  const contentType = headerValue(response.headers, "content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(contentType)) {
    return { ok: false, reason: `expected Content-Type application/json, got "${contentType}"` };
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return { ok: false, reason: `body is not JSON${bodyHint(response.body)}` };
  }
  const problem = contractValidators().check(expectation.schema, json);
  return problem ? { ok: false, reason: problem } : { ok: true, json };
}

function bodyHint(body: string): string {
  if (body.length === 0) return "";
  const shown = body.length > 120 ? `${body.slice(0, 120)}…` : body;
  return ` (body: ${JSON.stringify(shown)})`;
}
