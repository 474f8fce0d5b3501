import { readdirSync, readFileSync } from "node:fs";
import { processTree } from "./process-tree.js";

/**
 * CPU time of a process tree, in nanoseconds, from each thread's schedstat (Linux): the
 * first field is the time the thread has run on a CPU, counted by the scheduler in
 * nanoseconds. utime + stime from /proc/<pid>/stat would do in clock ticks of 10 ms, coarser
 * than a whole batch of a fast target. Time a hypervisor stole from the VM is not run time.
 */

/** The run time in ns from the text of /proc/<pid>/task/<tid>/schedstat ("<run ns> <wait ns> <slices>"). */
export function parseSchedstatRunNs(text: string): number | undefined {
  const first = text.trim().split(/\s+/)[0];
  if (first === undefined || !/^\d+$/.test(first)) return undefined;
  return Number(first);
}

function readThreadRunNs(pid: number, tid: string): number {
  try {
    return parseSchedstatRunNs(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8")) ?? 0;
  } catch {
    return 0; // the thread ended between the listing and the read
  }
}

/**
 * The run time so far of every thread of the tree rooted at `rootPid`; undefined when the
 * root is gone or the kernel keeps no schedstat. A thread or process that ended since the
 * last reading takes its time with it, so a difference of two readings can only miss time,
 * never invent it.
 */
export function processTreeCpuNs(rootPid: number): number | undefined {
  let total = 0;
  let threadsRead = 0;
  for (const pid of processTree(rootPid)) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      total += readThreadRunNs(pid, tid);
      threadsRead++;
    }
  }
  if (threadsRead === 0) return undefined;
  return total;
}
