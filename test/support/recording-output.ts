import type { Output } from "../../src/console/output.js";

/** An Output that keeps every line, prefixed by its kind, for assertions. */
export function recordingOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    step: (target, message) => lines.push(`step: [${target}] ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message, hint) => lines.push(`error: ${message}${hint ? ` / hint: ${hint}` : ""}`),
    success: (message) => lines.push(`success: ${message}`),
    progress: (target, message, final) => {
      if (final) lines.push(`progress: [${target}] ${message}`);
    },
  };
}
