import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../../errors.js";
import type { Counted } from "./counted.js";

/** Counts a Go target's modules from go.mod (no Go toolchain needed). */
export function countGoDependencies(targetDir: string): Counted {
  let text: string;
  try {
    text = readFileSync(join(targetDir, "go.mod"), "utf8");
  } catch (error) {
    return { reason: `could not read go.mod: ${describeError(error)}` };
  }
  const { direct, total, goVersion } = goModCounts(text);
  const listsAll = goVersion !== undefined && compareVersions(goVersion, "1.17") >= 0;
  return {
    counts: {
      direct,
      total,
      source: "go.mod",
      note: listsAll
        ? "go.mod lists every module the build needs (go 1.17 or newer), each `// indirect` one included"
        : `go.mod says go ${goVersion ?? "(no go line)"}: before go 1.17 it need not list every indirect module, so total may be low`,
    },
  };
}

/**
 * Reads go.mod's `require` lines, in blocks and single: direct are those without an
 * `// indirect` comment, total all of them (each module path once).
 */
export function goModCounts(text: string): { direct: number; total: number; goVersion: string | undefined } {
  const all = new Set<string>();
  const indirect = new Set<string>();
  let goVersion: string | undefined;
  let inRequireBlock = false;
  const take = (spec: string) => {
    const [code = "", comment = ""] = splitComment(spec);
    const module = code.trim().split(/\s+/)[0];
    if (!module) return;
    all.add(module);
    if (/^\s*indirect\b/.test(comment)) indirect.add(module);
  };
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (inRequireBlock) {
      if (line.startsWith(")")) inRequireBlock = false;
      else take(line);
      continue;
    }
    const go = /^go\s+(\S+)/.exec(line);
    if (go) goVersion = go[1];
    if (/^require\s*\(/.test(line)) inRequireBlock = true;
    else if (/^require\s+/.test(line)) take(line.replace(/^require\s+/, ""));
  }
  const direct = [...all].filter((module) => !indirect.has(module)).length;
  return { direct, total: all.size, goVersion };
}

function splitComment(line: string): [string, string] {
  const at = line.indexOf("//");
  return at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 2)];
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
