import { describe, expect, it } from "vitest";
import type { ProvisionedDatabase, StatementMeter } from "../../src/database/provider.js";
import { StepStatements, type StatementLedger } from "../../src/run/step-statements.js";
import type { TargetUnit } from "../../src/run/session-units.js";

/** Just what StepStatements looks at: the database's url, the Task API requests answered, whether it stopped. */
const unit = (name: string): TargetUnit => ({ session: { database: { url: name } }, client: { taskRequestsAnswered: 0 } }) as unknown as TargetUnit;
const answer = (target: TargetUnit, requests: number) => ((target.client as { taskRequestsAnswered: number }).taskRequestsAnswered += requests);

/** A meter over a map of running totals by database url. */
function meter(totals: Map<string, number>, fail: () => boolean = () => false): StatementMeter {
  return {
    method: "test",
    totals: async (databases: readonly ProvisionedDatabase[]) => {
      if (fail()) throw new Error("connection lost");
      return databases.map((database) => totals.get(database.url));
    },
  };
}

describe("StepStatements", () => {
  it("charges each database's statement difference over the requests its target answered, adding up over steps", async () => {
    const totals = new Map([["a", 100], ["b", 7]]);
    const [a, b] = [unit("a"), unit("b")];
    const ledgers = new Map<TargetUnit, StatementLedger>([[a, {}], [b, {}]]);
    for (const [aRan, bRan] of [[30, 45], [30, 45]] as const) {
      const step = await StepStatements.begin(meter(totals), [a, b], () => {});
      totals.set("a", totals.get("a")! + aRan);
      totals.set("b", totals.get("b")! + bRan);
      answer(a, 15);
      answer(b, 15);
      await step.charge("single.update", (u) => ledgers.get(u));
    }
    expect(ledgers.get(a)).toEqual({ "single.update": { statements: 60, requests: 30 } });
    expect(ledgers.get(b)).toEqual({ "single.update": { statements: 90, requests: 30 } });
  });

  it("charges nothing where a count went down (evicted), a target stopped or answered nothing, or the database is unknown", async () => {
    const totals = new Map([["evicted", 50], ["stopped", 10], ["idle", 10]]);
    const units = ["evicted", "stopped", "idle", "unknown"].map(unit);
    const ledgers = new Map<TargetUnit, StatementLedger>(units.map((u) => [u, {}]));
    const step = await StepStatements.begin(meter(totals), units, () => {});
    totals.set("evicted", 3);
    totals.set("stopped", 20);
    totals.set("unknown", 5);
    for (const u of [units[0]!, units[1]!, units[3]!]) answer(u, 5);
    units[1]!.stopped = { cause: "crashed", reason: "gone" };
    await step.charge("single.read", (u) => ledgers.get(u));
    expect([...ledgers.values()]).toEqual([{}, {}, {}, {}]);
  });

  it("reports a failed read and charges nothing for that step", async () => {
    const target = unit("a");
    const ledger: StatementLedger = {};
    const errors: string[] = [];
    let failing = false;
    const step = await StepStatements.begin(meter(new Map([["a", 1]]), () => failing), [target], (reason) => errors.push(reason));
    answer(target, 3);
    failing = true;
    await step.charge("bulk.create", () => ledger);
    expect(ledger).toEqual({});
    expect(errors).toEqual(["connection lost"]);
  });
});
