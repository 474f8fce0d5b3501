import { describe, expect, it } from "vitest";
import { parseServerTiming, serverTimingProblem } from "../../src/contract/server-timing.js";

const parse = (value: string | string[] | undefined) => parseServerTiming(value === undefined ? {} : { "server-timing": value });

describe("parseServerTiming", () => {
  it("reads db and app in milliseconds, with or without spaces and decimals", () => {
    expect(parse("db;dur=0.041, app;dur=0.093")).toEqual({ ok: true, timing: { dbMs: 0.041, appMs: 0.093 } });
    expect(parse("db ; dur = 2,app;dur=3.5")).toEqual({ ok: true, timing: { dbMs: 2, appMs: 3.5 } });
    expect(parse(["db;dur=0.1", "app;dur=0.2"])).toEqual({ ok: true, timing: { dbMs: 0.1, appMs: 0.2 } });
  });

  it("refuses a missing header, a malformed or negative duration, and other metrics or orders", () => {
    expect(parse(undefined)).toEqual({ ok: false, problem: "no Server-Timing header" });
    for (const value of ["db;dur=-1, app;dur=2", "db;dur=abc, app;dur=2", "db;dur=1e-3, app;dur=2", "db;dur=0.0001, app;dur=2", "db, app;dur=2", "db;dur=1; app;dur=2", ""]) {
      expect(parse(value), value).toMatchObject({ ok: false, problem: expect.stringMatching(/is not name;dur=/) });
    }
    for (const value of ["app;dur=2, db;dur=1", "db;dur=1", "db;dur=1, app;dur=2, cache;dur=0.1", "total;dur=1, app;dur=2"]) {
      expect(parse(value), value).toMatchObject({ ok: false, problem: expect.stringMatching(/must hold db then app/) });
    }
  });
});

describe("serverTimingProblem", () => {
  it("accepts a positive db inside app, and says what is wrong otherwise", () => {
    expect(serverTimingProblem({ dbMs: 0.05, appMs: 0.05 })).toBeUndefined();
    expect(serverTimingProblem({ dbMs: 0, appMs: 0.2 })).toMatch(/db is 0/);
    expect(serverTimingProblem({ dbMs: 0.1, appMs: 0 })).toMatch(/app is 0/);
    expect(serverTimingProblem({ dbMs: 0.3, appMs: 0.2 })).toMatch(/db \(0.3 ms\) exceeds app \(0.2 ms\)/);
  });
});
