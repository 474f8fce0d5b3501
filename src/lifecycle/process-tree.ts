import { readdirSync, readFileSync } from "node:fs";

/**
 * Reading the process tree and its memory from /proc (Linux). Parsing is kept in pure
 * functions so it can be tested on fixed text.
 */

export interface ProcessMemory {
  pid: number;
  rssKb: number;
  /** Proportional set size: shared pages divided among the processes sharing them. */
  pssKb: number | undefined;
}

/** The value in kB of a "Name:   1234 kB" line of /proc/<pid>/status or smaps_rollup. */
export function parseKbField(text: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The parent pid from /proc/<pid>/stat, whose second field (comm) may hold spaces and parens. */
export function parseParentPid(statText: string): number | undefined {
  const afterComm = statText.slice(statText.lastIndexOf(")") + 2);
  const fields = afterComm.split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The root pid and all its descendants. Uses the kernel's per-thread children lists, which
 * cost a few reads; falls back to a scan of /proc when the kernel lacks them.
 */
export function processTree(rootPid: number): number[] {
  const tree: number[] = [];
  const queue = [rootPid];
  let childrenListsWork = true;
  while (queue.length > 0) {
    const pid = queue.shift()!;
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited
    }
    tree.push(pid);
    for (const tid of threads) {
      const children = readText(`/proc/${pid}/task/${tid}/children`);
      if (children === undefined) {
        childrenListsWork = false;
        break;
      }
      for (const child of children.trim().split(" ")) if (child) queue.push(Number(child));
    }
    if (!childrenListsWork) return processTreeByScan(rootPid);
  }
  return tree;
}

function processTreeByScan(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    const ppid = stat === undefined ? undefined : parseParentPid(stat);
    if (ppid !== undefined) parentOf.set(Number(entry), ppid);
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

export function readProcessMemory(pid: number, withPss: boolean): ProcessMemory | undefined {
  const status = readText(`/proc/${pid}/status`);
  const rssKb = status === undefined ? undefined : parseKbField(status, "VmRSS");
  if (rssKb === undefined) return undefined;
  const rollup = withPss ? readText(`/proc/${pid}/smaps_rollup`) : undefined;
  return { pid, rssKb, pssKb: rollup ? parseKbField(rollup, "Pss") : undefined };
}
