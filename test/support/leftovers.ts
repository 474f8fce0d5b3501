import { readdirSync, readFileSync } from "node:fs";

/**
 * Processes whose command line or environment mentions `text`. Runs under test get a
 * unique TMPDIR, which every target's DATABASE_URL contains, so this finds exactly the
 * processes a run left behind, and none of anybody else's.
 */
export function processesReferencing(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
      if (cmdline.includes(text) || environ.includes(text)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // exited, or not ours to read
    }
  }
  return found;
}
