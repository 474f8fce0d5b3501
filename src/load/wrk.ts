import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { findOnPath } from "../lifecycle/command.js";
import type { LevelMeasurement } from "../results/types.js";

const run = promisify(execFile);

/**
 * Every script's `done`: prints one JSON line, so nothing parses wrk's human-readable text.
 * Latencies are wrk's own (microseconds, from its histogram).
 */
const DONE = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('CRUDBENCH {"requests":%d,"duration_us":%d,"status":%d,"timeout":%d,"connect":%d,"read":%d,"write":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.timeout, e.connect, e.read, e.write,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
`;

/**
 * The CRUD mix for wrk (Debian's package), in its Lua API: reads and updates of the seeded
 * tasks, creates; no deletes, since wrk cannot learn the ids its creates got. wrk checks
 * status codes only (no body validation): results say so through `generator: "wrk"`.
 */
const MIX_SCRIPT = `
local seeded = tonumber(os.getenv("CRUDBENCH_SEEDED_MAX_ID"))
local n = 0
local json = { ["Content-Type"] = "application/json" }
function setup(thread) thread:set("id", math.random(1000000)) end
function init(args) math.randomseed(id) end
function request()
  n = n + 1
  local roll = math.random(100)
  if roll <= 75 then return wrk.format("GET", "/tasks/" .. math.random(seeded)) end
  if roll <= 85 then return wrk.format("POST", "/tasks", json, '{"title":"wrk ' .. n .. '"}') end
  return wrk.format("PUT", "/tasks/" .. math.random(seeded), json, '{"title":"wrk update ' .. n .. '","completed":true}')
end
${DONE}`;

/** No `request`: wrk sends its default request, a GET of the URL's path, on every turn. */
const GET_SCRIPT = DONE;

export function wrkAvailable(): boolean {
  return findOnPath("wrk") !== undefined;
}

export interface WrkSummary {
  requests: number;
  duration_us: number;
  status: number;
  timeout: number;
  connect: number;
  read: number;
  write: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Parses the JSON line the script's done() prints. Pure. */
export function parseWrkOutput(stdout: string): WrkSummary {
  const line = stdout.split("\n").find((l) => l.startsWith("CRUDBENCH "));
  if (!line) throw new Error("wrk printed no summary line");
  return JSON.parse(line.slice("CRUDBENCH ".length)) as WrkSummary;
}

export function wrkLevel(summary: WrkSummary, connections: number): LevelMeasurement {
  const ms = (microseconds: number) => Math.round(microseconds) / 1000;
  const errors: Record<string, number> = {};
  if (summary.status) errors["non-2xx"] = summary.status;
  if (summary.timeout) errors.timeout = summary.timeout;
  const network = summary.connect + summary.read + summary.write;
  if (network) errors.network = network;
  const failed = summary.status + summary.timeout + network;
  return {
    model: "closed",
    generator: "wrk",
    concurrency: connections,
    target_rate: null,
    achieved_rps: Math.round(((summary.requests - failed) / (summary.duration_us / 1e6)) * 10) / 10,
    quarters_rps: null,
    latency: {
      count: summary.requests - failed,
      mean_ms: null,
      censored: 0,
      p99_lower_bound: false,
      p50_ms: ms(summary.p50),
      p90_ms: ms(summary.p90),
      p99_ms: ms(summary.p99),
      p999_ms: ms(summary.p999),
      max_ms: ms(summary.max),
      spectrum: [
        { percentile: 50, ms: ms(summary.p50) },
        { percentile: 90, ms: ms(summary.p90) },
        { percentile: 99, ms: ms(summary.p99) },
        { percentile: 99.9, ms: ms(summary.p999) },
        { percentile: 100, ms: ms(summary.max) },
      ],
    },
    uncorrected_latency: null,
    errors,
    dropped: 0,
    dispatch_lag_p99_ms: null,
    // wrk runs as its own program: its CPU and timers are not watched, so these are unknown, not 0.
    generator_cpu_percent: null,
    event_loop_delay_p99_ms: null,
    generator_bound: null,
  };
}

/** One closed-model level driven by wrk (one thread, on the harness's CPUs when pinned). */
export async function runWrkLevel(options: { baseUrl: string; connections: number; durationMs: number; timeoutMs: number; seededMaxId: number; workDir: string; cpus?: string }): Promise<LevelMeasurement> {
  const summary = await runWrk({ ...options, url: options.baseUrl, script: ["crudbench-mix.lua", MIX_SCRIPT], env: { CRUDBENCH_SEEDED_MAX_ID: String(options.seededMaxId) } });
  return wrkLevel(summary, options.connections);
}

/** `wrk -t1 -c1`: GETs of one URL back to back on one connection, the floor a client can reach. */
export function runWrkFloor(options: { url: string; durationMs: number; timeoutMs: number; workDir: string; cpus?: string }): Promise<WrkSummary> {
  return runWrk({ ...options, connections: 1, script: ["crudbench-get.lua", GET_SCRIPT] });
}

async function runWrk(options: { url: string; connections: number; durationMs: number; timeoutMs: number; workDir: string; cpus?: string; script: [file: string, text: string]; env?: Record<string, string> }): Promise<WrkSummary> {
  const script = join(options.workDir, options.script[0]);
  writeFileSync(script, options.script[1]);
  const wrk = findOnPath("wrk")!;
  const args = ["-t1", `-c${options.connections}`, `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`, `--timeout`, `${Math.ceil(options.timeoutMs / 1000)}s`, "-s", script, options.url];
  const taskset = options.cpus ? findOnPath("taskset") : undefined;
  const [program, argv] = taskset ? [taskset, ["-c", options.cpus!, wrk, ...args]] : [wrk, args];
  const { stdout } = await run(program, argv, { env: { ...process.env, ...options.env }, timeout: options.durationMs + 30_000 });
  return parseWrkOutput(stdout);
}
