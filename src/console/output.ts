import { format } from "node:util";

/**
 * Everything the harness tells a person goes through here, on stderr, so stdout stays
 * clean for machine output (`check --json`). Colour only on a TTY and never with NO_COLOR.
 */
export interface Output {
  info(message: string): void;
  step(target: string, message: string): void;
  warn(message: string): void;
  error(message: string, hint?: string): void;
  success(message: string): void;
  /** A line that a TTY overwrites in place; elsewhere printed only when `final`. */
  progress(target: string, message: string, final?: boolean): void;
}

const PLAIN_PROGRESS_INTERVAL_MS = 5_000;

type Style = "red" | "yellow" | "green" | "dim" | "bold" | "cyan";
const codes: Record<Style, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
  cyan: [36, 39],
};

export function colourEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

export function createOutput(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Output {
  const colour = colourEnabled(stream, env);
  const interactive = stream.isTTY === true;
  const paint = (style: Style, text: string) => (colour ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
  let openProgressLine = false;
  let lastPlainProgress = 0;
  const write = (line: string) => {
    if (openProgressLine) {
      stream.write("\r\u001b[2K");
      openProgressLine = false;
    }
    stream.write(`${line}\n`);
  };
  const label = (target: string) => paint("cyan", `[${target}]`);
  return {
    info: (message) => write(message),
    step: (target, message) => write(`${label(target)} ${message}`),
    warn: (message) => write(`${paint("yellow", "warning:")} ${message}`),
    error: (message, hint) => {
      write(`${paint("red", "error:")} ${message}`);
      if (hint) write(`${paint("dim", "hint:")} ${hint}`);
    },
    success: (message) => write(paint("green", message)),
    progress: (target, message, final = false) => {
      if (interactive) {
        stream.write(`\r\u001b[2K${label(target)} ${message}`);
        openProgressLine = true;
        if (final) {
          stream.write("\n");
          openProgressLine = false;
        }
      } else if (final || Date.now() - lastPlainProgress >= PLAIN_PROGRESS_INTERVAL_MS) {
        // Without a TTY (CI logs), progress is a line every few seconds, not a flood.
        lastPlainProgress = Date.now();
        write(`${label(target)} ${message}`);
      }
    },
  };
}

/** An Output that records lines instead of printing them, for tests. */
export function createRecordingOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  const push = (...parts: unknown[]) => lines.push(format(...parts));
  return {
    lines,
    info: (m) => push(m),
    step: (t, m) => push(`[${t}] ${m}`),
    warn: (m) => push(`warning: ${m}`),
    error: (m, h) => push(`error: ${m}${h ? ` (hint: ${h})` : ""}`),
    success: (m) => push(m),
    progress: (t, m, final) => {
      if (final) push(`[${t}] ${m}`);
    },
  };
}
