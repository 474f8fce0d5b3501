import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { parseSchedstatRunNs, processTreeCpuNs } from "../../src/lifecycle/process-cpu.js";

/** Spins until this process has used `ms` of CPU (not wall time: a loaded machine cannot shorten it). */
const BURN = `const burn = (ms) => { const start = process.cpuUsage(); for (;;) { const used = process.cpuUsage(start); if ((used.user + used.system) / 1000 >= ms) return; } };`;
const CHILD = `${BURN} burn(300); process.stdout.write("burned"); setInterval(() => {}, 1000);`;
const PARENT = `${BURN}
const { spawn } = require("node:child_process");
const child = spawn(process.execPath, ["-e", ${JSON.stringify(CHILD)}], { stdio: ["ignore", "pipe", "inherit"] });
child.stdout.once("data", () => { burn(200); process.stdout.write("burned"); });
process.on("SIGTERM", () => { child.kill(); process.exit(0); });
setInterval(() => {}, 1000);`;

describe("processTreeCpuNs", () => {
  it("reads the run time of every thread of a process and its children", { timeout: 30_000 }, async () => {
    const parent = spawn(process.execPath, ["-e", PARENT], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await once(parent.stdout!, "data");
      const ms = processTreeCpuNs(parent.pid!)! / 1e6;
      // 300 ms burned by the child and 200 by the parent, plus two Node start-ups (well under a second).
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThan(1500);
    } finally {
      parent.kill("SIGTERM");
      await once(parent, "exit");
    }
  });

  it("is undefined for a process that is gone", () => {
    expect(processTreeCpuNs(2 ** 22 + 12345)).toBeUndefined();
  });
});

describe("parseSchedstatRunNs", () => {
  it("takes the first field, the nanoseconds on a CPU", () => {
    expect(parseSchedstatRunNs("32994652615 5174625115 49988\n")).toBe(32994652615);
    expect(parseSchedstatRunNs("")).toBeUndefined();
    expect(parseSchedstatRunNs("abc 1 2")).toBeUndefined();
  });
});
