/**
 * What a target costs to build and run, beside what it costs per request: its size in source,
 * in dependencies, on disk, and in prepare time. Every field is doc-commented because these
 * types are the JSON schema of `results.json`.
 */

/** One source language's share of a target's lines, as the line counter reports it. */
export interface LanguageLines {
  /** The counter's name for the language, e.g. "Rust", "TypeScript", "Python". */
  language: string;
  /** Files counted in this language. */
  files: number;
  /** Lines holding code (a line with code and a trailing comment is code). */
  code: number;
  /** Lines holding only a comment. */
  comment: number;
  /** Empty or whitespace-only lines. */
  blank: number;
}

/** A target's own source, counted by a maintained line counter (never by crudbench itself). */
export interface LinesOfCode {
  /** The counter and its version, e.g. "cloc 1.96". */
  counter: string;
  /** Source files counted (the languages below; docs/config files are not included). */
  files: number;
  /** Code lines in source languages (the sum of `languages[].code`). */
  code: number;
  /** Comment-only lines in source languages. */
  comment: number;
  /** Blank lines in source languages. */
  blank: number;
  /** Source languages only, most code first (ties by name). */
  languages: LanguageLines[];
  /** Code lines in docs/config languages (Markdown, JSON, TOML, YAML, INI, XML, Text…), kept apart from `code`. */
  config_code: number;
}

/** How many third-party packages a target pulls in, read from its lock file. */
export interface DependencyCounts {
  /** Packages the target names itself (production ones: not dev/test dependencies). */
  direct: number;
  /** Direct plus indirect packages, as locked (each distinct locked package once). */
  total: number;
  /** Where the counts come from, e.g. "Cargo.lock", "package-lock.json (workspace targets/fastify-raw)", "requirements.txt + .venv metadata", "go.mod". */
  source: string;
  /** What a reader should know to compare these counts across ecosystems, or null. */
  note: string | null;
}

/** What the target runs from beyond its source, on disk. */
export interface ArtefactSize {
  /** Apparent size in bytes (file lengths, symlinks not followed, hard links once) of all parts. */
  bytes: number;
  /** Each part and its size, e.g. "target/release/crudbench-actix-raw", ".venv", "dist", "node_modules share (N packages)". */
  parts: { path: string; bytes: number }[];
}

/** One prepare (install, build) of a target that ran every step from scratch. */
export interface PrepareRecord {
  /** Wall-clock seconds of the whole prepare, all steps. */
  seconds: number;
  /** When it finished (ISO 8601). */
  finished_at: string;
  /** True: every step ran and none of their outputs existed before it began (package managers' download caches may have been warm). */
  from_scratch: boolean;
}

/** A target's cost to build and run. An unknown value is null with a reason, never 0. */
export interface BuildCost {
  /** Lines of the target's own source, or null (see `reasons.lines`). */
  lines: LinesOfCode | null;
  /** Direct and total dependency counts from its lock file, or null (see `reasons.dependencies`). */
  dependencies: DependencyCounts | null;
  /** Size of what it runs from beyond its source, or null (see `reasons.artefact`). */
  artefact: ArtefactSize | null;
  /** The last prepare that ran every step from scratch (recorded in the target's .crudbench folder). */
  prepare: PrepareRecord | null;
  /** Why each null field is null (an unknown value is null with a reason, never 0). */
  reasons: { lines?: string; dependencies?: string; artefact?: string; prepare?: string };
}
