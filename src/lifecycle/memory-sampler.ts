import { processTree, readProcessMemory } from "./process-tree.js";

export type MemoryPhase = "idle" | "load";

export interface MemorySample {
  phase: MemoryPhase;
  rssKb: number;
  pssKb: number | undefined;
  processes: number;
}

/** What a timed region needs of the samplers: stay quiet in it, catch up after. */
export interface SamplingGate {
  hold(): void;
  release(): void;
}

/** One gate over several samplers (the target's and the database server's). */
export function gateAll(samplers: readonly (MemorySampler | undefined)[]): SamplingGate {
  const present = samplers.filter((sampler): sampler is MemorySampler => sampler !== undefined);
  return {
    hold: () => present.forEach((sampler) => sampler.hold()),
    release: () => present.forEach((sampler) => sampler.release()),
  };
}

/**
 * Samples the RSS (and PSS) of a target's whole process tree. Sampling reads /proc on the
 * harness's event loop, so it must never run while a timed request is in flight: the
 * workload marks its timed regions with `hold()`/`release()`, and the sampler catches up
 * right after (release() samples when one is due). The interval timer covers idle time.
 */
export class MemorySampler implements SamplingGate {
  private readonly samples: MemorySample[] = [];
  private phase: MemoryPhase = "idle";
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private lastSampleAt = 0;

  constructor(
    private readonly rootPid: number,
    readonly intervalMs = 100,
    private readonly withPss = true,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => {
      if (!this.held) this.sample();
    }, this.intervalMs);
    this.timer.unref();
  }

  setPhase(phase: MemoryPhase): void {
    this.phase = phase;
    if (!this.held) this.sample();
  }

  /** Enter a timed region: no /proc reads until release(). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (performance.now() - this.lastSampleAt >= this.intervalMs) this.sample();
  }

  stop(): MemorySample[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return [...this.samples];
  }

  private sample(): void {
    this.lastSampleAt = performance.now();
    let rssKb = 0;
    let pssKb: number | undefined = 0;
    let processes = 0;
    for (const pid of processTree(this.rootPid)) {
      const memory = readProcessMemory(pid, this.withPss);
      if (!memory) continue;
      processes++;
      rssKb += memory.rssKb;
      pssKb = pssKb === undefined || memory.pssKb === undefined ? undefined : pssKb + memory.pssKb;
    }
    if (processes > 0) this.samples.push({ phase: this.phase, rssKb, pssKb: this.withPss ? pssKb : undefined, processes });
  }
}
