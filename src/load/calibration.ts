import { startTarget } from "../lifecycle/target-process.js";
import type { LoadLevelResult } from "../results/types.js";
import { seededRandom } from "../stats/random.js";
import type { Target } from "../targets/manifest.js";
import { runClosedLevel } from "./generator.js";
import { MixPlanner } from "./mix.js";
import { runWrkLevel, wrkAvailable } from "./wrk.js";

/** The fastest server we can think of: any request gets one fixed, valid Task, no database. */
const ECHO_SERVER = `
const http = require("node:http");
const body = JSON.stringify({ id: 1, title: "echo", description: "", completed: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" });
http.createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(request.method === "POST" ? 201 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on("SIGTERM", () => process.exit(0));
`;

const echoTarget = (dir: string): Target => ({
  dir,
  manifest: {
    name: "echo",
    displayName: "bare HTTP echo (calibration)",
    language: "JavaScript",
    framework: { name: "node:http", version: process.version },
    dataAccess: { style: "raw", library: "none", version: "-" },
    databases: ["sqlite", "postgres"],
    server: { processes: 1, model: "event loop" },
    start: { command: [process.execPath, "-e", ECHO_SERVER], readyPath: "/health", readyTimeoutSeconds: 10 },
  },
});

/**
 * The generators' own ceilings: each drives a bare echo server (no framework, no database)
 * as hard as it can. A target measured near these numbers is limited by the generator.
 */
export async function calibrateGenerators(options: { workDir: string; logFile: string; connections: number; durationMs: number; warmupMs: number; timeoutMs: number; useWrk: boolean; targetCpus?: string; harnessCpus?: string }): Promise<LoadLevelResult[]> {
  const started = await startTarget(echoTarget(options.workDir), {
    databaseUrl: "none://",
    databasePath: "",
    poolSize: 1,
    logFile: options.logFile,
    ...(options.targetCpus ? { cpus: options.targetCpus } : {}),
  });
  if (!started.ok) throw new Error(`calibration echo server did not start: ${started.reason}`);
  try {
    const planner = new MixPlanner("read", [1], seededRandom(1));
    const levels = [await runClosedLevel({ baseUrl: started.target.baseUrl, planner, connections: options.connections, warmupMs: options.warmupMs, durationMs: options.durationMs, timeoutMs: options.timeoutMs })];
    if (options.useWrk && wrkAvailable()) {
      levels.push(await runWrkLevel({ baseUrl: started.target.baseUrl, connections: options.connections, durationMs: options.durationMs, timeoutMs: options.timeoutMs, seededMaxId: 1, workDir: options.workDir, ...(options.harnessCpus ? { cpus: options.harnessCpus } : {}) }));
    }
    return levels;
  } finally {
    await started.target.stop();
  }
}
