import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/lifecycle/command.js";
import { wrkAvailable } from "../../src/load/wrk.js";
import { DEFAULT_ENGINE_DIR } from "../../src/timing/prepare-engine.js";
import { runCli } from "../support/cli.js";

/** The native engine is in the output exactly when it can be built here. */
const nativeExpected = existsSync(join(DEFAULT_ENGINE_DIR, "Cargo.toml")) && findOnPath("cargo") !== undefined;

describe("crudbench calibrate", () => {
  it("prints the documented JSON shape: every available engine's floor, and wrk's", async () => {
    const run = await runCli(["calibrate", "--json", "--requests", "300"]);
    expect(run.code, run.stderr).toBe(0);
    const floors = JSON.parse(run.stdout) as { engines: Record<string, unknown>[]; wrk: Record<string, unknown> | null };
    expect(Object.keys(floors)).toEqual(["engines", "wrk"]);
    expect(floors.engines.map((e) => e.name)).toEqual([...(nativeExpected ? ["native"] : []), "undici-dispatch"]);
    for (const engine of floors.engines) {
      expect(Object.keys(engine)).toEqual(["name", "median_ms", "p99_ms", "requests"]);
      expect(engine.requests).toBe(300);
      expect(engine.median_ms).toBeGreaterThan(0);
      expect(engine.p99_ms).toBeGreaterThanOrEqual(engine.median_ms as number);
    }
    if (wrkAvailable()) {
      expect(Object.keys(floors.wrk!)).toEqual(["median_ms", "p99_ms"]);
      expect(floors.wrk!.median_ms).toBeGreaterThan(0);
    } else expect(floors.wrk).toBeNull();
    if (!nativeExpected) expect(run.stderr).toContain("native engine unavailable:");
  }, 900_000);

  it("rejects a bad --requests as a usage error", async () => {
    const run = await runCli(["calibrate", "--requests", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--requests");
  });
});
