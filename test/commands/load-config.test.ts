import { describe, expect, it } from "vitest";
import { LOAD_DEFAULTS, loadConfig } from "../../src/commands/run.js";

describe("load stage options", () => {
  it("takes the defaults for what is not given", () => {
    expect(loadConfig({})).toMatchObject({ levels: LOAD_DEFAULTS.levels, rates: LOAD_DEFAULTS.rates, durationMs: 10_000, mix: "crud", sloP99Ms: 50, useWrk: true });
  });

  it("uses one --rate instead of the sweep, and keeps every other option given", () => {
    expect(loadConfig({ rate: 750, levels: [2, 4], duration: 3000, mix: "read", wrk: false })).toMatchObject({ rates: [750], levels: [2, 4], durationMs: 3000, mix: "read", useWrk: false });
  });

  it("ignores options that belong to other stages", () => {
    expect(loadConfig({ ...({ rounds: 5, db: "postgres" } as object) })).not.toHaveProperty("rounds");
  });
});
