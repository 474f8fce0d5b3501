import { describe, expect, it } from "vitest";
import { statementsUnderMeasurement } from "../../src/stats/statements.js";

describe("statementsUnderMeasurement", () => {
  it("pools the sessions (a count is exact, not a sample) and keeps each session's ratio", () => {
    expect(statementsUnderMeasurement([{ statements: 300, requests: 100 }, undefined, { statements: 610, requests: 200 }], 3)).toEqual({
      per_request: 3.03,
      sessions: [3, 3.05],
      requests: 300,
      conformance: 3,
      differs: true,
    });
  });

  it("agrees with the conformance count when they are equal to two decimals", () => {
    expect(statementsUnderMeasurement([{ statements: 2001, requests: 1000 }], 2)?.differs).toBe(false);
    expect(statementsUnderMeasurement([{ statements: 1, requests: 1 }], null)).toEqual({ per_request: 1, sessions: [1], requests: 1, conformance: null, differs: null });
  });

  it("is null without a session that answered requests", () => {
    expect(statementsUnderMeasurement([], 1)).toBeNull();
    expect(statementsUnderMeasurement([undefined, { statements: 4, requests: 0 }], 1)).toBeNull();
  });
});
