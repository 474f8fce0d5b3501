import { CRUD_OPERATIONS, type Results } from "../results/types.js";
import { fastestTarget, latencyTargetsOf } from "./report-model.js";
import type { Caveat } from "./caveats.js";
import { formatMs } from "./table.js";

/**
 * The instrument's own share of every number: the harness floor (the same client against a
 * bare echo server) beside the fastest targets, and what it means for them. From results only.
 */

/** Within this multiple of the floor, a median is mostly transport and client, not target. */
export const FLOOR_CAVEAT_FACTOR = 2;

const ENGINE_NAMES = { native: "the native engine", "undici-dispatch": "the in-process fallback (undici dispatch)" } as const;

/** "Harness floor 0.150 ms (native engine; wrk -t1 -c1: 0.148 ms); fastest read: actix-raw 0.210 ms." */
export function floorLine(results: Results): string | undefined {
  const floor = results.floor;
  if (!floor) return undefined;
  const wrk = floor.wrk ? `; wrk -t1 -c1: ${formatMs(floor.wrk.median_ms)} ms` : "";
  const own = floor.measured ? `${formatMs(floor.measured.median_ms)} ms` : `not measured (${floor.error ?? "no reason recorded"})`;
  const read = fastestTarget(latencyTargetsOf(results), "single", "read");
  const fastest = read ? ` Fastest read: ${read.name}, ${formatMs(read.single.read.median_ms)} ms.` : "";
  return `Harness floor (sequential GETs to a bare echo server): ${own} with ${ENGINE_NAMES[floor.engine]}${wrk}.${fastest}`;
}

/** Caveats: a fallback engine, medians near the floor, and timed requests that reconnected. */
export function floorCaveats(results: Results): Caveat[] {
  const lines: Caveat[] = [];
  const { timing } = results.run;
  if (timing && timing.engine !== "native") {
    lines.push({ text: `Latencies were timed by ${ENGINE_NAMES[timing.engine]}, which adds about 0.1 ms to every request (${timing.fallback_reason ?? "no reason recorded"}).` });
  }
  const floorMs = results.floor?.measured?.median_ms;
  for (const target of latencyTargetsOf(results)) {
    // One line per target: the operations near the floor, named together.
    const near = floorMs === undefined ? [] : CRUD_OPERATIONS.filter((operation) => {
      const median = target.single[operation].median_ms;
      return median !== null && median <= floorMs * FLOOR_CAVEAT_FACTOR;
    });
    if (near.length > 0) {
      const medians = near.map((operation) => `${operation} ${formatMs(target.single[operation].median_ms)} ms`).join(", ");
      lines.push({
        target: target.name,
        short: `${near.length} median${near.length === 1 ? "" : "s"} within ${FLOOR_CAVEAT_FACTOR}× of the harness floor`,
        text: `${target.name}: single ${medians} ${near.length === 1 ? "is" : "are"} within ${FLOOR_CAVEAT_FACTOR}× the harness floor (${formatMs(floorMs!)} ms): mostly transport, and ratios against ${near.length === 1 ? "it" : "them"} understate differences.`,
      });
    }
    const fresh = (["single", "bulk"] as const).flatMap((group) => CRUD_OPERATIONS.map((operation) => ({ what: `${group} ${operation}`, count: target[group][operation].fresh_connections }))).filter((f) => f.count > 0);
    if (fresh.length > 0) {
      const total = fresh.reduce((sum, f) => sum + f.count, 0);
      lines.push({
        target: target.name,
        short: `${total} timed sample(s) on a new connection`,
        text: `${target.name}: ${total} timed sample(s) had to open a new connection (${fresh.map((f) => `${f.what} ${f.count}`).join(", ")}); their time includes the TCP handshake.`,
      });
    }
  }
  return lines;
}

/** How requests were timed, for the method. */
export function timingMethod(results: Results): string {
  const engine = results.run.timing?.engine;
  if (!engine) return "";
  return engine === "native"
    ? "Requests are timed by crudbench-engine, a blocking native client (one keep-alive connection, TCP_NODELAY), from the first byte written to the last body byte read; Node plans each batch and validates every response after the clock stopped."
    : "Requests are timed in-process with undici dispatch, from the dispatch to the last body byte (the native engine was not available); Node validates every response after the clock stopped.";
}
