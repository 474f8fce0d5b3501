import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 250;
/** Longer than any sane prepare (a step times out after 15 minutes by default). */
const WAIT_LIMIT_MS = 60 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `work` while holding the target folder's prepare lock, so two crudbench processes
 * (two runs, or tests in parallel) never install or build into the same folder at once; the
 * second waits, then usually finds the first one's work done and skips it. The lock is a
 * directory (`mkdir` is atomic) holding the owner's pid; one left by a process that died is
 * taken over. Throws when interrupted or after an hour of waiting.
 */
export async function withPrepareLock<T>(stampDir: string, work: () => Promise<T>, options: { onWait?: (ownerPid: number | undefined) => void; signal?: AbortSignal } = {}): Promise<T> {
  const lock = join(stampDir, "prepare.lock");
  mkdirSync(stampDir, { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(lock);
    if (owner !== undefined && !alive(owner)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) options.onWait?.(owner);
    told = true;
    if (options.signal?.aborted) throw new Error("interrupted while waiting for another crudbench to finish preparing this target");
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`another crudbench has held ${lock} for an hour; remove it if no crudbench is running`);
    await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ownerOf(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // just created, pid not written yet: wait
  }
}
