import { describe, expect, it } from "vitest";
import { partCell } from "../../src/report/claims-report.js";
import type { ClaimPart } from "../../src/results/types.js";

const part = (unit: ClaimPart["unit"], value: number, interval: [number, number]): ClaimPart => ({
  metric: "single.read",
  subject: "actix-raw",
  versus: "flask-raw",
  value,
  interval,
  coverage: 0.9875,
  unit,
  outcome: "not-settled",
  reason: null,
});

describe("a claim part's cell", () => {
  it("writes the value, its interval and the interval's coverage", () => {
    expect(partCell(part("×", 7.123, [6.5, 7.81]))).toBe("7.12× [6.50×, 7.81×] (98.75%)");
    expect(partCell(part("%", 93.4, [92.6, 94.1]))).toBe("93% [93%, 94%] (98.75%)");
    expect(partCell(part("MB", 34.21, [33.9, 34.6]))).toBe("34.2 MB [33.9 MB, 34.6 MB] (98.75%)");
  });

  it("bounds an interval too wide to mean anything instead of printing its digits (two sessions at Bonferroni coverage)", () => {
    expect(partCell(part("×", 3.5, [1.2e-20, 1.46e20]))).toBe("3.50× [< 0.001×, > 1000×] (98.75%)");
    expect(partCell(part("%", 50, [-3e15, 99.9]))).toBe("50% [< −1000%, 100%] (98.75%)");
    expect(partCell(part("MB", 30, [-2e6, 4e7]))).toBe("30.0 MB [< −100000 MB, > 100000 MB] (98.75%)");
  });
});
