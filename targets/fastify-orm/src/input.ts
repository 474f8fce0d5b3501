// Parsing of path and query values, kept apart from the routes so the rules of
// spec/README.md ("Ids in paths", "Listing") read in one place.

export interface TaskInput {
  title: string;
  description: string;
  completed: boolean;
}

const MAX_ID = 9223372036854775807n;
const DECIMAL = /^[0-9]+$/;

/** A valid id, or undefined when the segment cannot name a task (the route answers 404). */
export function parseTaskId(segment: string): number | bigint | undefined {
  if (!DECIMAL.test(segment)) return undefined;
  const id = BigInt(segment);
  if (id < 1n || id > MAX_ID) return undefined;
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id;
}

export type ListPage = { limit: number; offset: number } | { error: string };

export function parseListQuery(query: Record<string, string | undefined>): ListPage {
  const limit = parseBoundedInteger(query.limit, 100, 1, 1000);
  if (limit === undefined) return { error: "limit must be an integer from 1 to 1000" };
  // The contract's bound (spec/README.md, "Listing"): 2^53 − 1, exact in every JSON parser.
  const offset = parseBoundedInteger(query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  if (offset === undefined) return { error: `offset must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}` };
  return { limit, offset };
}

function parseBoundedInteger(raw: string | undefined, fallback: number, min: number, max: number): number | undefined {
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !DECIMAL.test(raw) || raw.length > 16) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}
