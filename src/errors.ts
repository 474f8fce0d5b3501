/**
 * Exit codes, documented in the README. One table, so the CLI and the docs cannot drift.
 */
export const ExitCode = {
  ok: 0,
  /** The run finished but at least one target failed or counted errors. */
  targetFailed: 1,
  /** Bad command line, bad configuration, unreadable input files. */
  usage: 2,
  /** A crudbench bug: an error nobody anticipated. Never a target's fault. */
  internal: 3,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM; finished results are on disk. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The one error type the CLI prints as "error: … / hint: …" and turns into an exit code. */
export class CrudbenchError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "CrudbenchError";
    this.exitCode = options.exitCode ?? ExitCode.usage;
    this.hint = options.hint;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
