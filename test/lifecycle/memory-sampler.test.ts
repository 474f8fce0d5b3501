import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateAll, MemorySampler } from "../../src/lifecycle/memory-sampler.js";

/**
 * A real process tree to sample: a node process with one child (`sleep`), which grows its
 * resident memory by 64 MiB (pages written, so resident) each time a line arrives on stdin.
 */
const GROWING_TREE = `
const blocks = [];
require("node:child_process").spawn("sleep", ["60"], { stdio: "ignore" });
process.stdin.on("data", () => {
  blocks.push(Buffer.alloc(64 * 1024 * 1024, 1));
  process.stdout.write("grown\\n");
});
setTimeout(() => process.stdout.write("ready\\n"), 100);
`;
const GROWTH_KB = 64 * 1024;

async function startTree(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", GROWING_TREE], { stdio: ["pipe", "pipe", "inherit"], detached: true });
  await once(child.stdout!, "data");
  return child;
}

async function grow(child: ChildProcess): Promise<void> {
  child.stdin!.write("grow\n");
  await once(child.stdout!, "data");
}

function killTree(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Long enough that the interval timer never fires within a test. */
const NEVER = 600_000;

describe("MemorySampler on a real process tree", () => {
  let tree: ChildProcess;
  beforeAll(async () => {
    tree = await startTree();
  });
  afterAll(() => killTree(tree));

  it("sums RSS and PSS over the whole tree, per phase", async () => {
    const sampler = new MemorySampler(tree.pid!, NEVER);
    sampler.start();
    await grow(tree);
    sampler.setPhase("load");
    const [idle, load, ...more] = sampler.stop();
    expect(more).toEqual([]);
    expect(idle).toMatchObject({ phase: "idle", processes: 2 });
    expect(load).toMatchObject({ phase: "load", processes: 2 });
    expect(idle!.rssKb).toBeGreaterThan(10_000);
    expect(idle!.pssKb).toBeGreaterThan(0);
    expect(idle!.pssKb).toBeLessThanOrEqual(idle!.rssKb);
    // 64 MiB written between the samples; a little may be swapped or freed elsewhere.
    expect(load!.rssKb - idle!.rssKb).toBeGreaterThan(GROWTH_KB * 0.9);
    expect(load!.pssKb! - idle!.pssKb!).toBeGreaterThan(GROWTH_KB * 0.9);
  });

  it("leaves PSS out when asked to", () => {
    const sampler = new MemorySampler(tree.pid!, NEVER, false);
    sampler.start();
    const [sample] = sampler.stop();
    expect(sample).toMatchObject({ phase: "idle", processes: 2, pssKb: undefined });
    expect(sample!.rssKb).toBeGreaterThan(0);
  });

  it("samples on its interval while not held, and stops when stopped", async () => {
    const sampler = new MemorySampler(tree.pid!, 20);
    sampler.start();
    await sleep(400);
    const count = sampler.stop().length;
    // About 20 are due; a loaded machine delays timers, it does not skip all of them.
    expect(count).toBeGreaterThanOrEqual(3);
    await sleep(100);
    expect(sampler.stop()).toHaveLength(count);
  });

  it("never samples while held, not even on a phase change", async () => {
    const sampler = new MemorySampler(tree.pid!, 20);
    sampler.start();
    sampler.hold();
    await sleep(300);
    sampler.setPhase("load");
    await sleep(100);
    expect(sampler.stop().map((sample) => sample.phase)).toEqual(["idle"]);
  });

  it("catches up on release when a sample is due, and only then", async () => {
    const due = new MemorySampler(tree.pid!, 20);
    due.start();
    due.hold();
    due.setPhase("load");
    await sleep(100);
    due.release();
    expect(due.stop().map((sample) => sample.phase)).toEqual(["idle", "load"]);

    const notDue = new MemorySampler(tree.pid!, NEVER);
    notDue.start();
    notDue.hold();
    notDue.release();
    expect(notDue.stop()).toHaveLength(1);
  });

  it("gateAll holds and releases every sampler given, skipping absent ones", async () => {
    const samplers = [new MemorySampler(tree.pid!, 20), new MemorySampler(tree.pid!, 20)];
    const gate = gateAll([samplers[0], undefined, samplers[1]]);
    samplers.forEach((sampler) => sampler.start());
    gate.hold();
    await sleep(200);
    samplers.forEach((sampler) => sampler.setPhase("load"));
    expect(samplers.map((sampler) => sampler.stop().length)).toEqual([1, 1]);
    gate.release();
    expect(samplers.map((sampler) => sampler.stop().map((sample) => sample.phase))).toEqual([
      ["idle", "load"],
      ["idle", "load"],
    ]);
  });
});

describe("MemorySampler after the process is gone", () => {
  it("records nothing for a tree with no live process", async () => {
    const tree = await startTree();
    const sampler = new MemorySampler(tree.pid!, NEVER);
    sampler.start();
    const exited = once(tree, "exit");
    killTree(tree);
    await exited;
    // "exit" comes after Node has reaped the process, so /proc no longer lists it.
    sampler.setPhase("load");
    expect(sampler.stop().map((sample) => sample.phase)).toEqual(["idle"]);
  });
});
