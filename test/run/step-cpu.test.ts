import { describe, expect, it } from "vitest";
import { StepCpu, type CpuLedger } from "../../src/run/step-cpu.js";
import type { TargetUnit } from "../../src/run/session-units.js";

/** Just what StepCpu looks at: the pid, the answered-request count, whether it stopped. */
const unit = (pid: number): TargetUnit => ({ session: { target: { pid } }, client: { requestsAnswered: 0 } }) as unknown as TargetUnit;
const answer = (target: TargetUnit, requests: number) => ((target.client as { requestsAnswered: number }).requestsAnswered += requests);

describe("StepCpu", () => {
  it("charges each target's CPU difference and answered requests to the step's operation, adding up over steps", () => {
    const cpu = new Map([[1, 1_000], [2, 5_000]]);
    const [a, b] = [unit(1), unit(2)];
    const ledgers = new Map<TargetUnit, CpuLedger>([[a, {}], [b, {}]]);
    for (const [aSpent, bSpent] of [[400, 900], [600, 100]] as const) {
      const step = new StepCpu([a, b], (pid) => cpu.get(pid));
      cpu.set(1, cpu.get(1)! + aSpent);
      cpu.set(2, cpu.get(2)! + bSpent);
      answer(a, 15);
      answer(b, 15);
      step.charge("single.read", (u) => ledgers.get(u));
    }
    expect(ledgers.get(a)).toEqual({ "single.read": { ns: 1_000, requests: 30 } });
    expect(ledgers.get(b)).toEqual({ "single.read": { ns: 1_000, requests: 30 } });
  });

  it("charges nothing to a target that stopped, served nothing, or whose CPU cannot be read", () => {
    const [stopped, idle, unreadable] = [unit(1), unit(2), unit(3)];
    const ledgers = new Map<TargetUnit, CpuLedger>([[stopped, {}], [idle, {}], [unreadable, {}]]);
    let reads = 0;
    const step = new StepCpu([stopped, idle, unreadable], (pid) => (pid === 3 && reads++ > 0 ? undefined : 1_000 * pid));
    answer(stopped, 5);
    stopped.stopped = { cause: "crashed", reason: "gone" };
    step.charge("single.create", (u) => ledgers.get(u));
    expect([...ledgers.values()]).toEqual([{}, {}, {}]);
  });
});
