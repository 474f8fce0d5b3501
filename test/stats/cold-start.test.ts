import { describe, expect, it } from "vitest";
import { coldStartOf } from "../../src/stats/cold-start.js";

describe("coldStartOf", () => {
  it("gives each mark's samples in start order, their median and range, to 0.01 ms", () => {
    const samples = [
      { readyMs: 120.004, firstPostMs: 180 },
      { readyMs: 100, firstPostMs: 150.5 },
      { readyMs: 140, firstPostMs: 149.996 },
      { readyMs: 110, firstPostMs: 170 },
    ];
    expect(coldStartOf(samples, 2)).toEqual({
      ready: { samples_ms: [120, 100, 140, 110], median_ms: 115, min_ms: 100, max_ms: 140 },
      first_post: { samples_ms: [180, 150.5, 150, 170], median_ms: 160.25, min_ms: 150, max_ms: 180 },
      poll_ms: 2,
    });
  });

  it("is null before any start was measured", () => {
    expect(coldStartOf([], 2)).toBeNull();
  });
});
