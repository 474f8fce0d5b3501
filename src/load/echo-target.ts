import { startTarget, type RunningTarget } from "../lifecycle/target-process.js";
import type { Target } from "../targets/manifest.js";

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
 * Starts the bare echo server the generators and the timing engines are calibrated against,
 * as a target is started (own process group, loopback, on `cpus` when given).
 * Throws when it does not start: without it there is nothing to calibrate.
 */
export async function startEchoServer(options: { workDir: string; logFile: string; cpus?: string | undefined }): Promise<RunningTarget> {
  const started = await startTarget(echoTarget(options.workDir), {
    databaseUrl: "none://",
    databasePath: "",
    poolSize: 1,
    logFile: options.logFile,
    ...(options.cpus ? { cpus: options.cpus } : {}),
  });
  if (!started.ok) throw new Error(`calibration echo server did not start: ${started.reason}`);
  return started.target;
}
