import { describe, expect, it } from "vitest";
import { floorCaveats, floorLine, timingMethod } from "../../src/report/floor-prose.js";
import type { Results } from "../../src/results/types.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

/** A run whose floor is 0.1 ms (wrk 0.09 ms), with one target near it and one far above. */
function withFloor(): Results {
  const near = fixtureTarget("actix-raw", "Rust", "raw", 0.15);
  const far = fixtureTarget("flask-orm", "Python", "orm", 2);
  const results = fixtureResults([near, far]);
  results.floor = { engine: "native", measured: { median_ms: 0.1, p99_ms: 0.3, requests: 2000 }, wrk: { median_ms: 0.09, p99_ms: 0.2, requests: 30000 }, error: null };
  return results;
}

describe("the harness floor in the report", () => {
  it("prints the floor, wrk's, and the fastest read beside it", () => {
    expect(floorLine(withFloor())).toBe("Harness floor (sequential GETs to a bare echo server): 0.100 ms with the native engine; wrk -t1 -c1: 0.090 ms. Fastest read: actix-raw, 0.150 ms.");
  });

  it("says why a floor is missing, and prints nothing for a run without one", () => {
    const results = withFloor();
    results.floor = { engine: "native", measured: null, wrk: null, error: "echo server did not start" };
    expect(floorLine(results)).toBe("Harness floor (sequential GETs to a bare echo server): not measured (echo server did not start) with the native engine. Fastest read: actix-raw, 0.150 ms.");
    results.floor = null;
    expect(floorLine(results)).toBeUndefined();
  });

  it("warns where a median is within 2× of the floor, and only there", () => {
    const caveats = floorCaveats(withFloor()).map((c) => c.text);
    // actix-raw's fixture medians: create 0.3, read 0.15, update 0.3, delete 0.225 ms; flask-orm's are all far above.
    expect(caveats).toEqual(["actix-raw: single read 0.150 ms is within 2× the harness floor (0.100 ms): mostly transport, and ratios against it understate differences."]);
  });

  it("names every operation near the floor in one line per target", () => {
    const results = withFloor();
    results.floor!.measured!.median_ms = 0.16;
    expect(floorCaveats(results).map((c) => c.text)).toEqual([
      "actix-raw: single create 0.300 ms, read 0.150 ms, update 0.300 ms, delete 0.225 ms are within 2× the harness floor (0.160 ms): mostly transport, and ratios against them understate differences.",
    ]);
  });

  it("names the fallback engine and its reason, and timed samples that opened a connection", () => {
    const results = withFloor();
    results.run.timing = { engine: "undici-dispatch", fallback_reason: "missing toolchain: cargo" };
    const target = results.targets[1]!;
    if (target.status !== "measured" || !target.bulk) throw new Error("fixture");
    target.bulk.update = { ...target.bulk.update, fresh_connections: 2 };
    expect(floorCaveats(results).map((c) => c.text)).toEqual([
      "Latencies were timed by the in-process fallback (undici dispatch), which adds about 0.1 ms to every request (missing toolchain: cargo).",
      "actix-raw: single read 0.150 ms is within 2× the harness floor (0.100 ms): mostly transport, and ratios against it understate differences.",
      "flask-orm: 2 timed sample(s) had to open a new connection (bulk update 2); their time includes the TCP handshake.",
    ]);
    expect(timingMethod(results)).toContain("undici dispatch");
  });
});
