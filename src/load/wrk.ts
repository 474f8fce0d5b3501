import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { findOnPath } from "../lifecycle/command.js";
import type { LevelMeasurement } from "../results/types.js";
import { MIXES, REQUEST_KINDS, REQUEST_TEMPLATES, templateParts, type MixName, type Placeholder, type RequestKind } from "./mix.js";

const run = promisify(execFile);

/**
 * Every script's `done`: prints one JSON line, so nothing parses wrk's human-readable text.
 * Latencies are wrk's own, in microseconds. wrk (4.1, src/wrk.c) corrects its histogram before
 * `done` sees it (`stats_correct`: a response slower than twice the mean cycle adds synthetic
 * samples below it), so its mean and percentiles include those samples.
 */
const DONE = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('CRUDBENCH {"requests":%d,"duration_us":%d,"status":%d,"timeout":%d,"connect":%d,"read":%d,"write":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.timeout, e.connect, e.read, e.write,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
`;

/** A Lua string literal of ASCII text. */
function luaString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`a wrk script literal must be printable ASCII: ${JSON.stringify(text)}`);
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** What each placeholder of a request template is in the script (`i` is the request's sequence number). */
const LUA_VALUES: Record<Placeholder, string> = { seeded: "seeded_id()", created: "take_created()", n: "i", even: "tostring(i % 2 == 0)" };

function luaExpression(template: string): string {
  return templateParts(template)
    .map((part) => (typeof part === "string" ? luaString(part) : LUA_VALUES[part.placeholder]))
    .join(" .. ");
}

function luaRequest(kind: RequestKind): string {
  const { method, path, body, headers } = REQUEST_TEMPLATES[kind];
  const args = [luaString(method), luaExpression(path)];
  if (headers || body !== undefined) args.push(headers ? `headers_${kind}` : "nil");
  if (body !== undefined) args.push(luaExpression(body));
  return `return wrk.format(${args.join(", ")})`;
}

/**
 * wrk's Lua script for a mix (Debian's package, wrk 4.1), generated from the templates and
 * shares crudbench's own planner uses (load/mix.ts), so both generators send the same
 * requests: reads and updates of seeded tasks, creates, and deletes of tasks this thread
 * created. wrk's `response` does not say which request it answers, but only a create is
 * answered 201, and its body carries the new id; a delete with no created task left becomes
 * a create, as in MixPlanner. `response` is defined only for mixes with deletes: with it, wrk
 * copies every answer into Lua. wrk checks status codes only (no body validation): results
 * say so through `generator: "wrk"`. Pure.
 */
export function wrkMixScript(mix: MixName, seededIds: readonly number[]): string {
  if (seededIds.length === 0) throw new RangeError("a load needs seeded tasks");
  const shares = MIXES[mix];
  const deletes = shares.delete > 0;
  const kinds = REQUEST_KINDS.filter((kind) => shares[kind] > 0);
  // A delete with nothing to delete becomes a create, even in a mix without creates.
  const sent = REQUEST_KINDS.filter((kind) => shares[kind] > 0 || (deletes && kind === "create"));
  let below = 0;
  const choose = kinds.map((kind, index) => {
    below += shares[kind];
    if (index === 0) return kinds.length === 1 ? `  local kind = "${kind}"` : `  local kind\n  if roll < ${below} then kind = "${kind}"`;
    return index === kinds.length - 1 ? `  else kind = "${kind}" end` : `  elseif roll < ${below} then kind = "${kind}"`;
  });
  const lines = [
    `-- crudbench's "${mix}" mix for wrk, generated from src/load/mix.ts`,
    `local seeded = { ${seededIds.join(", ")} }`,
    "local created = {}",
    "local n = 0",
    ...sent.flatMap((kind) => {
      const headers = REQUEST_TEMPLATES[kind].headers;
      return headers ? [`local headers_${kind} = { ${Object.entries(headers).map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`).join(", ")} }`] : [];
    }),
    `function setup(thread) thread:set("seed", math.random(2147483647)) end`,
    "function init(args) math.randomseed(seed) end",
    "local function seeded_id() return seeded[math.random(#seeded)] end",
    "local function take_created()",
    "  local at = math.random(#created)",
    "  local id = created[at]",
    "  created[at] = created[#created]",
    "  created[#created] = nil",
    "  return id",
    "end",
    "function request()",
    "  local roll = math.random() * 100",
    ...choose,
    ...(deletes ? ['  if kind == "delete" and #created == 0 then kind = "create" end'] : []),
    "  local i = n",
    "  n = n + 1",
    ...sent.map((kind) => `  if kind == "${kind}" then ${luaRequest(kind)} end`),
    "end",
    ...(deletes
      ? [
          "function response(status, headers, body)",
          `  if status == ${REQUEST_TEMPLATES.create.expectation.status} then`,
          `    local id = string.match(body, '"id"%s*:%s*(%d+)')`,
          "    if id then created[#created + 1] = id end",
          "  end",
          "end",
        ]
      : []),
  ];
  return `${lines.join("\n")}\n${DONE}`;
}

/** No `request`: wrk sends its default request, a GET of the URL's path, on every turn. */
const GET_SCRIPT = DONE;

export function wrkAvailable(): boolean {
  return findOnPath("wrk") !== undefined;
}

/** What the script's `done` prints. Times in microseconds. */
export interface WrkSummary {
  /** Completed responses, whatever their status or lateness (wrk's `summary.requests`). */
  requests: number;
  duration_us: number;
  /** Responses with a status above 399. */
  status: number;
  /** Responses that came later than --timeout (completed, so also in `requests`). */
  timeout: number;
  /** Socket errors: the requests they cost never completed, and are not in `requests`. */
  connect: number;
  read: number;
  write: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

const SUMMARY_FIELDS = ["requests", "duration_us", "status", "timeout", "connect", "read", "write", "p50", "p90", "p99", "p999", "max"] as const satisfies readonly (keyof WrkSummary)[];

/** Parses the JSON line the script's done() prints. Pure. */
export function parseWrkOutput(stdout: string): WrkSummary {
  const line = stdout.split("\n").find((l) => l.startsWith("CRUDBENCH "));
  if (!line) throw new Error("wrk printed no summary line");
  const parsed = JSON.parse(line.slice("CRUDBENCH ".length)) as Record<string, unknown>;
  const missing = SUMMARY_FIELDS.filter((field) => typeof parsed[field] !== "number" || !Number.isFinite(parsed[field]));
  if (missing.length > 0) throw new Error(`wrk's summary line lacks ${missing.join(", ")}: ${line}`);
  return parsed as unknown as WrkSummary;
}

/**
 * A level from wrk's summary. Pure.
 *
 * wrk (4.1, src/wrk.c `response_complete`) counts every completed response in `requests`,
 * including those with a status above 399 and those later than --timeout; socket errors
 * (connect, read, write) cost requests that never completed, and are not in it. So the
 * answered requests are `requests` less those two kinds, and socket errors are not
 * subtracted again.
 *
 * wrk records a response's latency in its histogram whatever its status: once any status
 * error was seen, the percentiles are not those of answered requests, and
 * are unknown (null, no spectrum) rather than a number that looks right. Late responses are
 * never in the histogram, so with no status error the percentiles are of answered requests.
 * Failed requests (status, late, socket errors) are `censored`: nothing of them is in the
 * percentiles, so over 1% of them makes the p99 a lower bound.
 *
 * The mean is unknown (null): wrk's is of its corrected histogram (see DONE), which with a
 * tail longer than twice the mean cycle is above the requests' own mean — Little's law
 * computed from it read 0.63 and 0.79 against a healthy in-memory server at 4 connections.
 * So a wrk level is not judged by Little's law.
 */
export function wrkLevel(summary: WrkSummary, connections: number): LevelMeasurement {
  const ms = (microseconds: number) => Math.round(microseconds) / 1000;
  const errors: Record<string, number> = {};
  // wrk's status errors are responses above 399 ("Non-2xx or 3xx responses", as wrk prints them).
  if (summary.status) errors["non-2xx"] = summary.status;
  if (summary.timeout) errors.timeout = summary.timeout;
  const network = summary.connect + summary.read + summary.write;
  if (network) errors.network = network;
  const failed = summary.status + summary.timeout + network;
  // A response both above 399 and late is in both counts.
  const answered = Math.max(0, summary.requests - summary.status - summary.timeout);
  const known = summary.status === 0 && answered > 0;
  const at = (microseconds: number) => (known ? ms(microseconds) : null);
  const p99LowerBound = known && failed > (answered + failed) * 0.01;
  return {
    model: "closed",
    generator: "wrk",
    concurrency: connections,
    target_rate: null,
    achieved_rps: Math.round((answered / (summary.duration_us / 1e6)) * 10) / 10,
    quarters_rps: null,
    latency: {
      count: answered + failed,
      mean_ms: null,
      censored: failed,
      p99_lower_bound: p99LowerBound,
      p50_ms: at(summary.p50),
      p90_ms: at(summary.p90),
      p99_ms: at(summary.p99),
      p999_ms: at(summary.p999),
      max_ms: at(summary.max),
      spectrum: known
        ? [
            { percentile: 50, ms: ms(summary.p50) },
            { percentile: 90, ms: ms(summary.p90) },
            { percentile: 99, ms: ms(summary.p99) },
            { percentile: 99.9, ms: ms(summary.p999) },
            { percentile: 100, ms: ms(summary.max) },
          ]
        : [],
    },
    uncorrected_latency: null,
    errors,
    dropped: 0,
    // wrk runs as its own program: its quarters, dispatch, CPU and timers are not watched, so
    // these are unknown, not 0; whether it was the limit is judged from its ceiling (stats/load-verdict.ts).
    dispatch_lag_p99_ms: null,
    generator_cpu_percent: null,
    event_loop_delay_p99_ms: null,
    generator_bound: null,
  };
}

export interface WrkLevelOptions {
  baseUrl: string;
  /** The mix of the load; the script sends the requests crudbench's own generator would. */
  mix: MixName;
  /** The seeded tasks: reads and updates go to them. */
  seededIds: readonly number[];
  connections: number;
  /** A discarded run first, with the same script and connections (whole seconds, at least 1; 0 for none). */
  warmupMs: number;
  /** wrk counts whole seconds; the rate is computed over the duration wrk reports. */
  durationMs: number;
  timeoutMs: number;
  workDir: string;
  cpus?: string | undefined;
}

/** One closed-model level driven by wrk (one thread, on the harness's CPUs when pinned), after its warm-up. */
export async function runWrkLevel(options: WrkLevelOptions): Promise<LevelMeasurement> {
  const script: [string, string] = [`crudbench-${options.mix}.lua`, wrkMixScript(options.mix, options.seededIds)];
  const common = { url: options.baseUrl, connections: options.connections, timeoutMs: options.timeoutMs, workDir: options.workDir, cpus: options.cpus, script };
  if (options.warmupMs > 0) await runWrk({ ...common, durationMs: Math.max(1000, Math.ceil(options.warmupMs / 1000) * 1000) });
  return wrkLevel(await runWrk({ ...common, durationMs: options.durationMs }), options.connections);
}

/** `wrk -t1 -c1`: GETs of one URL back to back on one connection, the floor a client can reach. */
export function runWrkFloor(options: { url: string; durationMs: number; timeoutMs: number; workDir: string; cpus?: string }): Promise<WrkSummary> {
  return runWrk({ ...options, connections: 1, script: ["crudbench-get.lua", GET_SCRIPT] });
}

async function runWrk(options: { url: string; connections: number; durationMs: number; timeoutMs: number; workDir: string; cpus?: string | undefined; script: [file: string, text: string] }): Promise<WrkSummary> {
  const script = join(options.workDir, options.script[0]);
  writeFileSync(script, options.script[1]);
  const wrk = findOnPath("wrk")!;
  const args = ["-t1", `-c${options.connections}`, `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`, `--timeout`, `${Math.ceil(options.timeoutMs / 1000)}s`, "-s", script, options.url];
  const taskset = options.cpus ? findOnPath("taskset") : undefined;
  const [program, argv] = taskset ? [taskset, ["-c", options.cpus!, wrk, ...args]] : [wrk, args];
  const { stdout } = await run(program, argv, { timeout: options.durationMs + 30_000 });
  return parseWrkOutput(stdout);
}
