import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * How a fixture server misbehaves. It speaks just enough of the Task API for the "read" mix:
 * any request gets one valid Task (200), or a 500 with a JSON error where it is told to fail.
 */
export interface FixtureBehaviour {
  /** Each answer waits this long (a timer, so answers overlap: a server with room to spare). */
  delayMs?: number;
  /** Answers one at a time, each `delayMs` after the last: a server with a fixed capacity. */
  serial?: boolean;
  /** Every n-th request (counted from 1) answers 500. */
  failEvery?: number;
  /** This long after its first request the server freezes — a pause or a lock: it answers nothing … */
  freezeAfterMs?: number;
  /** … for this long (its whole process is blocked, as in a stop-the-world pause). */
  freezeMs?: number;
}

/**
 * The server runs in its own process: the generator watches its own CPU and event loop, and
 * a freeze must stop the server, not the generator. Plain CommonJS for `node -e`.
 */
const FIXTURE_SERVER = `
const http = require("node:http");
const behaviour = JSON.parse(process.env.FIXTURE);
const task = JSON.stringify({ id: 1, title: "t", description: "", completed: false, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" });
const failure = JSON.stringify({ error: "fixture failure" });
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let received = 0;
let serialTail = Promise.resolve();
const answer = (response, status) => {
  const body = status === 200 ? task : failure;
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
};
http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const n = ++received;
    if (n === 1 && behaviour.freezeMs > 0) {
      setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, behaviour.freezeMs), behaviour.freezeAfterMs ?? 0);
    }
    const status = behaviour.failEvery > 0 && n % behaviour.failEvery === 0 ? 500 : 200;
    const delay = behaviour.delayMs ?? 0;
    if (behaviour.serial) serialTail = serialTail.then(() => wait(delay)).then(() => answer(response, status));
    else if (delay > 0) setTimeout(() => answer(response, status), delay);
    else answer(response, status);
  });
}).listen(0, "127.0.0.1", function () {
  console.log("ready " + this.address().port);
});
`;

export interface FixtureServer {
  url: string;
  stop(): void;
}

export async function startFixtureServer(behaviour: FixtureBehaviour): Promise<FixtureServer> {
  const child: ChildProcess = spawn(process.execPath, ["-e", FIXTURE_SERVER], { env: { ...process.env, FIXTURE: JSON.stringify(behaviour) }, stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  const port = /ready (\d+)/.exec(chunk.toString())?.[1];
  if (!port) {
    child.kill("SIGKILL");
    throw new Error(`fixture server did not start: ${chunk.toString()}`);
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill("SIGKILL") };
}
