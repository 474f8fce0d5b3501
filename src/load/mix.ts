import { JSON_HEADERS, type RequestSpec } from "../http/client.js";
import type { ResponseExpectation } from "../contract/response-check.js";
import type { Random } from "../stats/random.js";

export type MixName = "read" | "write" | "crud";

export type RequestKind = "read" | "create" | "update" | "delete";

/** The order a roll is matched against a mix's shares: crudbench's planner and wrk's script both use it. */
export const REQUEST_KINDS: readonly RequestKind[] = ["read", "create", "update", "delete"];

/** Shares of each request kind, in percent. */
export const MIXES: Record<MixName, Record<RequestKind, number>> = {
  read: { read: 100, create: 0, update: 0, delete: 0 },
  write: { read: 0, create: 40, update: 40, delete: 20 },
  crud: { read: 70, create: 10, update: 15, delete: 5 },
};

/**
 * What a placeholder of a request template stands for: `seeded`, a seeded task's id (seeded
 * tasks are never deleted); `created`, a task this load created, taken so it is deleted once;
 * `n`, the request's sequence number; `even`, whether `n` is even (`true`/`false`).
 */
export type Placeholder = "seeded" | "created" | "n" | "even";

export interface RequestTemplate {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** With `{placeholder}`s. */
  path: string;
  /** JSON with `{placeholder}`s. */
  body?: string;
  headers?: Readonly<Record<string, string>>;
  expectation: ResponseExpectation;
}

/**
 * The one definition of a load's requests, filled in by crudbench's planner and turned into
 * Lua for wrk (load/wrk.ts): both generators send the same requests.
 */
export const REQUEST_TEMPLATES: Record<RequestKind, RequestTemplate> = {
  read: { method: "GET", path: "/tasks/{seeded}", expectation: { status: 200, schema: "Task" } },
  create: { method: "POST", path: "/tasks", body: '{"title":"load {n}","description":"created under load"}', headers: JSON_HEADERS, expectation: { status: 201, schema: "Task" } },
  update: { method: "PUT", path: "/tasks/{seeded}", body: '{"title":"load update {n}","completed":{even}}', headers: JSON_HEADERS, expectation: { status: 200, schema: "Task" } },
  delete: { method: "DELETE", path: "/tasks/{created}", expectation: { status: 204, empty: true } },
};

const PLACEHOLDER = /\{(seeded|created|n|even)\}/g;

export type TemplatePart = string | { placeholder: Placeholder };

/** A template's text split into literal text and placeholders, in order. Pure. */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ placeholder: match[1] as Placeholder });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** Templates split once, not on every request. */
const COMPILED = Object.fromEntries(
  REQUEST_KINDS.map((kind) => {
    const { path, body } = REQUEST_TEMPLATES[kind];
    return [kind, { path: templateParts(path), body: body === undefined ? undefined : templateParts(body) }];
  }),
) as Record<RequestKind, { path: TemplatePart[]; body: TemplatePart[] | undefined }>;

/** The kind a roll in [0, 100) picks: the first kind whose cumulative share exceeds it. Pure. */
export function kindForRoll(mix: MixName, roll: number): RequestKind {
  const shares = MIXES[mix];
  let below = 0;
  for (const kind of REQUEST_KINDS) {
    below += shares[kind];
    if (roll < below) return kind;
  }
  return REQUEST_KINDS.at(-1)!;
}

/**
 * Chooses the next request of a mix. Reads and updates go to the seeded tasks, which are
 * never deleted; deletes only take tasks the load itself created, so concurrent requests
 * never race a delete into a 404. A delete with nothing to delete becomes a create.
 */
export class MixPlanner {
  private readonly createdIds: number[] = [];
  private sequence = 0;

  constructor(
    private readonly mix: MixName,
    private readonly seededIds: readonly number[],
    private readonly random: Random,
  ) {
    if (seededIds.length === 0) throw new RangeError("a load needs seeded tasks");
  }

  next(): PlannedRequest {
    let kind = kindForRoll(this.mix, this.random() * 100);
    if (kind === "delete" && this.createdIds.length === 0) kind = "create";
    const n = this.sequence++;
    const fill = (parts: TemplatePart[]) => {
      let text = "";
      for (const part of parts) text += typeof part === "string" ? part : this.value(part.placeholder, n);
      return text;
    };
    const template = REQUEST_TEMPLATES[kind];
    const compiled = COMPILED[kind];
    const spec: RequestSpec = { method: template.method, path: fill(compiled.path) };
    if (compiled.body) spec.body = fill(compiled.body);
    if (template.headers) spec.headers = template.headers;
    return { kind, spec, expectation: template.expectation };
  }

  /** A create's answer: its task may be deleted from now on. */
  created(id: number): void {
    this.createdIds.push(id);
  }

  private value(placeholder: Placeholder, n: number): string {
    switch (placeholder) {
      case "seeded":
        return String(this.seededIds[Math.floor(this.random() * this.seededIds.length)]!);
      case "created": {
        const index = Math.floor(this.random() * this.createdIds.length);
        return String(this.createdIds.splice(index, 1)[0]!);
      }
      case "n":
        return String(n);
      case "even":
        return String(n % 2 === 0);
    }
  }
}

export interface PlannedRequest {
  kind: RequestKind;
  spec: RequestSpec;
  expectation: ResponseExpectation;
}
