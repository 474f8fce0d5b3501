import { describe, expect, it } from "vitest";
import { batchLayout, turnLength, untimed } from "../../src/workloads/batch-layout.js";

const show = (layout: readonly boolean[]) => layout.map((timed) => (timed ? "t" : "u")).join("");

describe("batchLayout", () => {
  it("starts every turn with its untimed requests; the last turn takes what is left", () => {
    expect(show(batchLayout({ batch: 9, turn: 3, rewarm: 1 }))).toBe("utttutttuttt");
    expect(show(batchLayout({ batch: 5, turn: 2, rewarm: 2 }))).toBe("uuttuuttuut");
    expect(turnLength({ batch: 5, turn: 2, rewarm: 2 })).toBe(4);
  });

  it("is one whole batch when a turn holds it all, and has no untimed requests without re-warm", () => {
    expect(show(batchLayout({ batch: 4, turn: 4, rewarm: 3 }))).toBe("uuutttt");
    expect(show(batchLayout({ batch: 4, turn: 10, rewarm: 0 }))).toBe("tttt");
    expect(show(untimed(3))).toBe("uuu");
  });

  it("refuses a turn without timed requests", () => {
    expect(() => batchLayout({ batch: 4, turn: 0, rewarm: 1 })).toThrow(/at least one timed/);
  });
});
