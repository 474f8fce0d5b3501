/**
 * Every process group the harness starts is recorded here, so that however the harness
 * ends (normal exit, Ctrl-C, an uncaught error) no target is left running.
 */
const liveGroups = new Set<number>();
/** Single processes to signal on exit (a database server started by crudbench). */
const liveServers = new Map<number, NodeJS.Signals>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a kill is.
  process.on("exit", killAllTrackedGroups);
}

export function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  installExitHook();
}

/** Signals `pid` if the harness exits before untrackServer(pid). */
export function trackServer(pid: number, signal: NodeJS.Signals): void {
  liveServers.set(pid, signal);
  installExitHook();
}

export function untrackServer(pid: number): void {
  liveServers.delete(pid);
}

export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

export function killAllTrackedGroups(): void {
  for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  liveGroups.clear();
  for (const [pid, signal] of liveServers) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  liveServers.clear();
}

/** Signals a whole process group; false when it no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export function groupIsAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
