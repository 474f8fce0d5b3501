import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { calibrateGenerators } from "../../src/load/calibration.js";
import { wrkAvailable, wrkMixScript } from "../../src/load/wrk.js";

describe.skipIf(!wrkAvailable())("wrk's ceiling on the echo server", () => {
  const workDir = mkdtempSync(join(tmpdir(), "crudbench-calibration-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("runs the load's script, which every answer of the echo server satisfies (deletes included)", async () => {
    const levels = await calibrateGenerators({ workDir, logFile: join(workDir, "echo.log"), connections: 2, durationMs: 1000, warmupMs: 0, timeoutMs: 5000, useWrk: true, mix: "crud" });
    expect(levels.map((level) => level.generator)).toEqual(["crudbench", "wrk"]);
    expect(readFileSync(join(workDir, "crudbench-crud.lua"), "utf8")).toBe(wrkMixScript("crud", [1]));
    const wrk = levels[1]!;
    expect(wrk.errors).toEqual({});
    expect(wrk.achieved_rps).toBeGreaterThan(100);
    // crudbench's own generator calibrates on reads, which the echo server answers as the contract asks.
    expect(levels[0]!.errors).toEqual({});
  });
});
