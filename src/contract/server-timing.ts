import type { HttpResponse } from "../http/client.js";

/** Where a request's time went inside the server, from its Server-Timing header (spec/README.md). */
export interface ServerTiming {
  /** Milliseconds inside the database driver. */
  dbMs: number;
  /** Milliseconds from the framework's first per-request hook to its last. */
  appMs: number;
}

export type ParsedServerTiming = { ok: true; timing: ServerTiming } | { ok: false; problem: string };

/** `name;dur=<decimal>` with up to 3 fractional digits, as the contract writes it. */
const METRIC = /^([A-Za-z0-9_-]+)\s*;\s*dur\s*=\s*(\d+(?:\.\d{1,3})?)$/;

/**
 * Reads `Server-Timing: db;dur=…, app;dur=…` exactly as the contract asks for it: both
 * metrics, in that order, nothing else. Several header lines count as one list (RFC 9110
 * joins repeated fields with commas). Syntax only: whether the numbers make sense is
 * `serverTimingProblem`'s.
 */
export function parseServerTiming(headers: HttpResponse["headers"]): ParsedServerTiming {
  const raw = headers["server-timing"];
  if (raw === undefined) return { ok: false, problem: "no Server-Timing header" };
  const value = Array.isArray(raw) ? raw.join(", ") : raw;
  const entries = value.split(",").map((entry) => entry.trim());
  const parsed = entries.map((entry) => METRIC.exec(entry));
  const bad = entries.find((_, index) => parsed[index] === null);
  if (bad !== undefined) return { ok: false, problem: `Server-Timing entry ${JSON.stringify(bad)} is not name;dur=<milliseconds, up to 3 decimals>` };
  const names = parsed.map((match) => match![1]);
  if (names.join(",") !== "db,app") return { ok: false, problem: `Server-Timing must hold db then app, got ${JSON.stringify(value)}` };
  return { ok: true, timing: { dbMs: Number(parsed[0]![2]), appMs: Number(parsed[1]![2]) } };
}

/** What is wrong with a parsed timing of a request that touched the database, if anything. */
export function serverTimingProblem(timing: ServerTiming): string | undefined {
  if (timing.dbMs <= 0) return `Server-Timing db is ${timing.dbMs}: a request that touched the database spent time in its driver`;
  if (timing.appMs <= 0) return `Server-Timing app is ${timing.appMs}`;
  if (timing.dbMs > timing.appMs) return `Server-Timing db (${timing.dbMs} ms) exceeds app (${timing.appMs} ms), which contains it`;
  return undefined;
}
