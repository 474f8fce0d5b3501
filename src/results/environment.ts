import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, cpus, loadavg, release, totalmem } from "node:os";
import type { Environment } from "./types.js";

/** Toolchains whose versions a reader needs to judge or repeat a run. */
const TOOLCHAINS: Record<string, string[]> = {
  python3: ["python3", "--version"],
  rustc: ["rustc", "--version"],
  cargo: ["cargo", "--version"],
  npm: ["npm", "--version"],
};

export function describeEnvironment(): Environment {
  const toolchains: Record<string, string | null> = { node: process.version };
  for (const [name, [command, ...args]] of Object.entries(TOOLCHAINS)) toolchains[name] = commandVersion(command!, args);
  return {
    os: osName(),
    kernel: release(),
    arch: arch(),
    cpu_model: cpus()[0]?.model.trim() ?? "unknown",
    cpu_count: cpus().length,
    total_memory_mb: Math.round(totalmem() / 1024 / 1024),
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
    toolchains,
  };
}

function commandVersion(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0] ?? null;
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (match) return match[1]!;
  } catch {
    // not Linux, or no os-release
  }
  return process.platform;
}
