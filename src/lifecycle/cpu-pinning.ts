import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { findOnPath } from "./command.js";

export interface CpuPinning {
  harness: string;
  targets: string;
}

/**
 * Keeps the load generator and the target off each other's cores: the harness on CPU 0,
 * targets on the rest (taskset). Undefined when there is one CPU or no taskset; the
 * results then record that they shared.
 */
export function pinHarness(): CpuPinning | undefined {
  const cpus = availableParallelism();
  const taskset = findOnPath("taskset");
  if (cpus < 2 || !taskset) return undefined;
  try {
    // -a: every thread of the harness (libuv's pool, the GC), not only the main one.
    execFileSync(taskset, ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore", timeout: 5_000 });
  } catch {
    return undefined;
  }
  return { harness: "0", targets: cpus === 2 ? "1" : `1-${cpus - 1}` };
}
