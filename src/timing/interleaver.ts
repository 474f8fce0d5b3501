import { HEALTH_PATH } from "../contract/task.js";
import type { RequestSpec } from "../http/client.js";
import type { BatchOptions, TimedOutcome, TimingClient } from "./timing-client.js";

/** One participant of a round: the (wrapped) client its batches go through, and its work. */
export interface RoundParticipant<T> {
  client: TimingClient;
  run: () => Promise<T>;
}

interface Submitted {
  member: InterleavedClient;
  specs: readonly RequestSpec[];
  options: BatchOptions;
  resolve: (outcomes: TimedOutcome[]) => void;
  reject: (error: unknown) => void;
}

interface Round {
  members: ReadonlySet<InterleavedClient>;
  turnSize: number;
  /** Members whose work is running (not waiting on a batch, not finished). */
  busy: number;
  waiting: Submitted[];
}

/**
 * Sends the batches of several units in turns (A1–5 B1–5 C1–5 A6–10 …), so that paired
 * requests of different targets are about a millisecond apart instead of a whole batch apart.
 * On the 2-core dev machine this halved the within-session variance of the A/A control's
 * block log-ratio in full runs (docs/methodology.md, "Turns"). Turns of a single request
 * are possible but not what crudbench uses: each request then pays for what the previous
 * server left on the shared CPU, so callers start every turn with untimed requests.
 *
 * Each unit's client is wrapped once (`wrap`); outside a round its batches pass straight
 * through. In a round, every participant's work runs at once: a batch it sends waits until
 * every other participant is waiting too (or done), then the waiting batches go out
 * together, `turnSize` requests per batch per turn (one engine batch each), and each
 * participant resumes with its own outcomes and validates them after the clocks stopped.
 * The turn order is the participants' order, rotated by one every turn so that no unit
 * always goes first. Each request is still timed alone by the unit's own client (engine),
 * one in flight at a time; what changes is only whose requests come next.
 */
export class RequestInterleaver {
  private round: Round | undefined;

  wrap(client: TimingClient): InterleavedTimingClient {
    return new InterleavedClient(client, this);
  }

  /**
   * Runs the participants' work together, interleaving the batches it sends (clients not
   * made by `wrap` of this interleaver are refused). Settles when all have settled, with
   * each one's outcome: a participant's failure is its own and never stops the others.
   */
  async run<T>(participants: readonly RoundParticipant<T>[], turnSize: number): Promise<PromiseSettledResult<T>[]> {
    if (this.round) throw new Error("RequestInterleaver: one round at a time");
    if (!Number.isInteger(turnSize) || turnSize < 1) throw new Error(`RequestInterleaver: a turn is a positive number of requests, not ${turnSize}`);
    const members = participants.map(({ client }) => {
      if (!(client instanceof InterleavedClient) || client.interleaver !== this) throw new Error("RequestInterleaver: a participant's client was not wrapped by this interleaver");
      return client;
    });
    if (new Set(members).size !== members.length) throw new Error("RequestInterleaver: a client takes part in a round once");
    const round: Round = { members: new Set(members), turnSize, busy: participants.length, waiting: [] };
    this.round = round;
    try {
      return await Promise.allSettled(
        participants.map(async ({ run }) => {
          try {
            return await run();
          } finally {
            round.busy--;
            void this.flushWhenAllWait(round);
          }
        }),
      );
    } finally {
      this.round = undefined;
    }
  }

  /** A member's batch: waits for its turn when a round it belongs to is running. */
  submit(member: InterleavedClient, specs: readonly RequestSpec[], options: BatchOptions): Promise<TimedOutcome[]> {
    const round = this.round;
    if (!round || !round.members.has(member)) return member.inner.batch(specs, options);
    return new Promise((resolve, reject) => {
      round.waiting.push({ member, specs, options, resolve, reject });
      round.busy--;
      void this.flushWhenAllWait(round);
    });
  }

  private async flushWhenAllWait(round: Round): Promise<void> {
    if (round.busy > 0 || round.waiting.length === 0) return;
    const batches = round.waiting.splice(0);
    // Their work resumes when their outcomes arrive; it counts as running from now on.
    round.busy += batches.length;
    await sendInTurns(batches, [...round.members], round.turnSize);
  }
}

/**
 * The batches' requests in turns: at each turn every batch sends its next `turnSize`
 * requests (one engine batch), the turn order rotated by one from turn to turn.
 */
async function sendInTurns(batches: Submitted[], memberOrder: readonly InterleavedClient[], turnSize: number): Promise<void> {
  const ordered = [...batches].sort((a, b) => memberOrder.indexOf(a.member) - memberOrder.indexOf(b.member));
  const state = ordered.map((batch) => ({ batch, outcomes: [] as TimedOutcome[], failuresInRow: 0, done: batch.specs.length === 0, error: undefined as unknown }));
  const turns = Math.max(0, ...ordered.map((batch) => Math.ceil(batch.specs.length / turnSize)));
  for (let turn = 0; turn < turns; turn++) {
    for (let place = 0; place < state.length; place++) {
      const entry = state[(turn + place) % state.length]!;
      const chunk = entry.batch.specs.slice(turn * turnSize, (turn + 1) * turnSize);
      if (entry.done || chunk.length === 0) continue;
      const limit = entry.batch.options.stopAfterFailures;
      try {
        const outcomes = await entry.batch.member.inner.batch(chunk, limit === undefined ? {} : { stopAfterFailures: limit - entry.failuresInRow });
        if (outcomes.length === 0) throw new Error("the timing client answered a turn with no outcome");
        for (const outcome of outcomes) entry.failuresInRow = outcome.ok ? 0 : entry.failuresInRow + 1;
        entry.outcomes.push(...outcomes);
        // Enough failures in a row (the client may have stopped inside the turn), or all sent.
        if ((limit !== undefined && entry.failuresInRow >= limit) || outcomes.length < chunk.length || entry.outcomes.length === entry.batch.specs.length) entry.done = true;
      } catch (error) {
        // The client itself is broken (a harness failure): this batch rejects, the others go on.
        entry.error = error;
        entry.done = true;
      }
    }
  }
  for (const entry of state) {
    if (entry.error !== undefined) entry.batch.reject(entry.error);
    else entry.batch.resolve(entry.outcomes);
  }
}

/** A unit's client, wrapped: it also counts the requests that got an outcome (for CPU and statements per request). */
export interface InterleavedTimingClient extends TimingClient {
  readonly requestsAnswered: number;
  /** The same without the readiness probe (a bulk create sends one to reconnect): the Task API requests a statement count divides by. */
  readonly taskRequestsAnswered: number;
}

/** A unit's client as the interleaver sees it. */
class InterleavedClient implements InterleavedTimingClient {
  requestsAnswered = 0;
  taskRequestsAnswered = 0;

  constructor(
    readonly inner: TimingClient,
    readonly interleaver: RequestInterleaver,
  ) {}

  get engine() {
    return this.inner.engine;
  }

  get connectionsOpened(): number {
    return this.inner.connectionsOpened;
  }

  async batch(requests: readonly RequestSpec[], options: BatchOptions = {}): Promise<TimedOutcome[]> {
    const outcomes = await this.interleaver.submit(this, requests, options);
    this.requestsAnswered += outcomes.length;
    // Outcomes answer the requests in order, and stop at the first one not sent.
    this.taskRequestsAnswered += requests.slice(0, outcomes.length).filter((request) => request.path !== HEALTH_PATH).length;
    return outcomes;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
