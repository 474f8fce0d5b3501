import { readFileSync } from "node:fs";

/**
 * How much of the machine was someone else's while a batch ran: CPU time the hypervisor stole
 * (/proc/stat, all CPUs) and the time some task waited for a CPU (/proc/pressure/cpu, PSI).
 * Read before and after every timed batch, outside the timed region, so a report can show
 * which batches ran while a neighbour took the machine.
 */

/** A batch is in a steal spike when at least this share of the CPUs' time was stolen. */
export const STEAL_SPIKE_SHARE = 0.1;

export interface PressureReading {
  /** Jiffies of all CPUs (every /proc/stat "cpu" field summed), and the stolen ones; null where unreadable. */
  totalTicks: number | null;
  stealTicks: number | null;
  /** PSI "some" total, microseconds; null where the kernel has no PSI. */
  pressureUs: number | null;
  /** Monotonic time of the reading, microseconds. */
  atUs: number;
}

export interface PressureBetween {
  steal: number | null;
  cpu_pressure: number | null;
  steal_spike: boolean;
}

/** The /proc files; tests pass fixed texts. */
export interface PressureSources {
  stat: () => string | null;
  pressure: () => string | null;
  nowUs: () => number;
}

const readOrNull = (path: string) => () => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

export const PROC_PRESSURE: PressureSources = {
  stat: readOrNull("/proc/stat"),
  pressure: readOrNull("/proc/pressure/cpu"),
  nowUs: () => Number(process.hrtime.bigint() / 1000n),
};

/** The aggregate "cpu" line: user nice system idle iowait irq softirq steal guest guest_nice. */
export function parseStat(text: string | null): { totalTicks: number; stealTicks: number } | null {
  const line = text?.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 8 || fields.some((value) => !Number.isFinite(value))) return null;
  // guest and guest_nice are already counted in user and nice: leave them out of the total.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { totalTicks: total, stealTicks: fields[7]! };
}

/** "some avg10=0.10 avg60=3.82 avg300=14.40 total=2967465783" → 2967465783. */
export function parsePressure(text: string | null): number | null {
  const match = text ? /^some .*\btotal=(\d+)/m.exec(text) : null;
  return match ? Number(match[1]) : null;
}

export function readPressure(sources: PressureSources = PROC_PRESSURE): PressureReading {
  const stat = parseStat(sources.stat());
  return { totalTicks: stat?.totalTicks ?? null, stealTicks: stat?.stealTicks ?? null, pressureUs: parsePressure(sources.pressure()), atUs: sources.nowUs() };
}

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * Steal and CPU pressure between two readings, as shares. A batch shorter than a clock tick
 * may see no tick at all: its steal is unknown (null), not 0. A spike needs a stolen tick and
 * at least STEAL_SPIKE_SHARE of the ticks.
 */
export function pressureBetween(before: PressureReading, after: PressureReading): PressureBetween {
  let steal: number | null = null;
  let stolenTicks = 0;
  if (before.totalTicks !== null && after.totalTicks !== null && before.stealTicks !== null && after.stealTicks !== null) {
    const ticks = after.totalTicks - before.totalTicks;
    stolenTicks = after.stealTicks - before.stealTicks;
    if (ticks > 0) steal = round4(stolenTicks / ticks);
  }
  const wallUs = after.atUs - before.atUs;
  const cpuPressure = before.pressureUs !== null && after.pressureUs !== null && wallUs > 0 ? round4(Math.min(1, (after.pressureUs - before.pressureUs) / wallUs)) : null;
  return { steal, cpu_pressure: cpuPressure, steal_spike: steal !== null && stolenTicks > 0 && steal >= STEAL_SPIKE_SHARE };
}
