import { describe, expect, it } from "vitest";
import type { RequestSpec } from "../../src/http/client.js";
import { RequestInterleaver } from "../../src/timing/interleaver.js";
import type { BatchOptions, TimedOutcome, TimingClient } from "../../src/timing/timing-client.js";

/**
 * A client that answers at once and writes every request it sends into a shared log, so a
 * test sees the order requests left in. `fails` makes a path fail, and the batch stops after
 * `stopAfterFailures` in a row, as the engine does; `broken` makes the client itself throw
 * (an engine that died).
 */
function recordingClient(name: string, log: string[], behaviour: { fails?: (path: string) => boolean; broken?: boolean } = {}): TimingClient & { batches: number } {
  const client = {
    engine: "undici-dispatch" as const,
    connectionsOpened: 1,
    batches: 0,
    async batch(requests: readonly RequestSpec[], options: BatchOptions = {}): Promise<TimedOutcome[]> {
      client.batches++;
      await Promise.resolve();
      if (behaviour.broken) throw new Error(`${name}'s engine died`);
      const outcomes: TimedOutcome[] = [];
      let failuresInRow = 0;
      for (const request of requests) {
        log.push(`${name}${request.path}`);
        const failed = behaviour.fails?.(request.path) ?? false;
        outcomes.push(failed ? { ok: false, cause: "closed", message: "reset", elapsedMs: 1, reused: true } : { ok: true, reused: true, response: { status: 200, headers: {}, body: `${name}${request.path}`, elapsedMs: 0.1 } });
        failuresInRow = failed ? failuresInRow + 1 : 0;
        if (options.stopAfterFailures !== undefined && failuresInRow >= options.stopAfterFailures) break;
      }
      return outcomes;
    },
    close: async () => {},
  };
  return client;
}

const gets = (...paths: string[]): RequestSpec[] => paths.map((path) => ({ method: "GET", path }));
const bodies = (outcomes: TimedOutcome[]) => outcomes.map((outcome) => (outcome.ok ? outcome.response.body : `failed:${outcome.cause}`));

describe("RequestInterleaver", () => {
  it("sends the participants' batches one request each per turn, rotating who goes first, and gives each its own outcomes", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const [a, b, c] = ["a", "b", "c"].map((name) => interleaver.wrap(recordingClient(name, log)));
    const settled = await interleaver.run([
      { client: a!, run: () => a!.batch(gets("/1", "/2", "/3")) },
      { client: b!, run: () => b!.batch(gets("/1", "/2", "/3")) },
      { client: c!, run: () => c!.batch(gets("/1", "/2")) },
    ], 1);
    expect(log).toEqual(["a/1", "b/1", "c/1", "b/2", "c/2", "a/2", "a/3", "b/3"]);
    expect(settled.map((s) => (s.status === "fulfilled" ? bodies(s.value) : s.reason))).toEqual([
      ["a/1", "a/2", "a/3"],
      ["b/1", "b/2", "b/3"],
      ["c/1", "c/2"],
    ]);
  });

  it("sends a turn's requests together: each batch's next `turn` requests, then the next unit's", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const inner = ["a", "b"].map((name) => recordingClient(name, log));
    const [a, b] = inner.map((client) => interleaver.wrap(client));
    await interleaver.run(
      [
        { client: a!, run: () => a!.batch(gets("/1", "/2", "/3", "/4", "/5")) },
        { client: b!, run: () => b!.batch(gets("/1", "/2", "/3")) },
      ],
      2,
    );
    expect(log).toEqual(["a/1", "a/2", "b/1", "b/2", "b/3", "a/3", "a/4", "a/5"]);
    expect(inner.map((client) => client.batches)).toEqual([3, 2]);
  });

  it("waits for every participant to send before the first request leaves, however late one sends", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const [a, b] = ["a", "b"].map((name) => interleaver.wrap(recordingClient(name, log)));
    await interleaver.run([
      { client: a!, run: () => a!.batch(gets("/1", "/2")) },
      {
        client: b!,
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return b!.batch(gets("/1", "/2"));
        },
      },
    ], 1);
    expect(log).toEqual(["a/1", "b/1", "b/2", "a/2"]);
  });

  it("counts the requests answered, and apart those of the Task API (not the readiness probe), up to where a batch stopped", async () => {
    const interleaver = new RequestInterleaver();
    const client = interleaver.wrap(recordingClient("a", [], { fails: (path) => path === "/x" }));
    await client.batch(gets("/health", "/tasks/1", "/tasks/2"));
    await client.batch(gets("/tasks/3", "/x", "/x", "/health", "/tasks/4"), { stopAfterFailures: 2 });
    expect({ all: client.requestsAnswered, tasks: client.taskRequestsAnswered }).toEqual({ all: 6, tasks: 5 });
  });

  it("passes batches straight through outside a round, and for clients not in the round", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const inner = recordingClient("a", log);
    const [a, b] = [interleaver.wrap(inner), interleaver.wrap(recordingClient("b", log))];
    await a.batch(gets("/1", "/2"));
    expect(inner.batches).toBe(1);
    await interleaver.run([{ client: b, run: async () => [await a.batch(gets("/3", "/4")), await b.batch(gets("/1"))] }], 1);
    expect(log).toEqual(["a/1", "a/2", "a/3", "a/4", "b/1"]);
  });

  it("stops a batch after its failures in a row, as a client does, while the others go on", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const a = interleaver.wrap(recordingClient("a", log, { fails: (path) => path !== "/1" }));
    const b = interleaver.wrap(recordingClient("b", log));
    const [failing, fine] = await interleaver.run([
      { client: a, run: () => a.batch(gets("/1", "/2", "/3", "/4", "/5"), { stopAfterFailures: 2 }) },
      { client: b, run: () => b.batch(gets("/1", "/2", "/3", "/4", "/5")) },
    ], 1);
    expect(failing?.status === "fulfilled" && bodies(failing.value)).toEqual(["a/1", "failed:closed", "failed:closed"]);
    expect(fine?.status === "fulfilled" && bodies(fine.value)).toEqual(["b/1", "b/2", "b/3", "b/4", "b/5"]);
    expect(log.filter((entry) => entry.startsWith("a"))).toEqual(["a/1", "a/2", "a/3"]);
  });

  it("counts failures in a row across turns, and stops the batch where the client stopped", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const a = interleaver.wrap(recordingClient("a", log, { fails: (path) => path !== "/1" }));
    const [outcome] = await interleaver.run([{ client: a, run: () => a.batch(gets("/1", "/2", "/3", "/4", "/5", "/6"), { stopAfterFailures: 3 }) }], 2);
    expect(outcome?.status === "fulfilled" && bodies(outcome.value)).toEqual(["a/1", "failed:closed", "failed:closed", "failed:closed"]);
    expect(log).toEqual(["a/1", "a/2", "a/3", "a/4"]);
  });

  it("lets a participant fail alone: one that throws before sending, one whose client breaks", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const broken = interleaver.wrap(recordingClient("broken", log, { broken: true }));
    const quitter = interleaver.wrap(recordingClient("quitter", log));
    const fine = interleaver.wrap(recordingClient("fine", log));
    const settled = await interleaver.run<TimedOutcome[]>(
      [
        { client: broken, run: () => broken.batch(gets("/1", "/2")) },
        { client: quitter, run: () => Promise.reject(new Error("nothing to send")) },
        { client: fine, run: () => fine.batch(gets("/1", "/2")) },
      ],
      1,
    );
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(String((settled[0] as PromiseRejectedResult).reason)).toContain("broken's engine died");
    expect(log).toEqual(["fine/1", "fine/2"]);
  });

  it("interleaves a participant's second batch with whatever the others send next", async () => {
    const log: string[] = [];
    const interleaver = new RequestInterleaver();
    const [a, b] = ["a", "b"].map((name) => interleaver.wrap(recordingClient(name, log)));
    await interleaver.run([
      { client: a!, run: async () => [await a!.batch(gets("/1")), await a!.batch(gets("/2", "/3"))] },
      { client: b!, run: async () => [await b!.batch(gets("/1")), await b!.batch(gets("/2", "/3"))] },
    ], 1);
    expect(log).toEqual(["a/1", "b/1", "a/2", "b/2", "b/3", "a/3"]);
  });

  it("refuses clients it did not wrap, the same client twice, and a round inside a round", async () => {
    const interleaver = new RequestInterleaver();
    const stranger = recordingClient("x", []);
    const own = interleaver.wrap(recordingClient("a", []));
    await expect(interleaver.run([{ client: stranger, run: async () => 1 }], 1)).rejects.toThrow(/not wrapped/);
    await expect(interleaver.run([{ client: new RequestInterleaver().wrap(stranger), run: async () => 1 }], 1)).rejects.toThrow(/not wrapped/);
    await expect(interleaver.run([{ client: own, run: async () => 1 }, { client: own, run: async () => 2 }], 1)).rejects.toThrow(/once/);
    await expect(interleaver.run([{ client: own, run: () => interleaver.run([], 1) }], 1)).resolves.toMatchObject([{ status: "rejected" }]);
  });
});
