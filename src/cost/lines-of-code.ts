import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describeError } from "../errors.js";
import type { LanguageLines, LinesOfCode } from "../results/cost-types.js";

/**
 * Languages cloc reports that describe or configure a target rather than implement it; their
 * lines go to `config_code`, apart from the code. Dockerfile is here too: it packages a
 * backend for deployment, and whether a target ships one says nothing about how much code its
 * framework needs. SQL is not here: a raw-SQL target's queries are its code.
 */
export const CONFIG_LANGUAGES: ReadonlySet<string> = new Set([
  "Markdown",
  "JSON",
  "JSON5",
  "TOML",
  "YAML",
  "INI",
  "XML",
  "Text",
  "reStructuredText",
  "CSV",
  "Properties",
  "Dockerfile",
]);

/** Build output, installed dependencies and crudbench's own state: not the target's source. */
export const EXCLUDED_DIRS = ["node_modules", "target", ".venv", "venv", "dist", "build", "__pycache__", ".crudbench"] as const;

/** How cloc's script is run: a seam so a test can stand in for the process. */
export type RunProgram = (program: string, args: string[]) => Promise<{ stdout: string }>;

const runProgram: RunProgram = (program, args) =>
  new Promise((resolve, reject) => {
    execFile(program, args, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split("\n").slice(-3).join(" ");
        reject(new Error(detail ? `${error.message.split("\n")[0]} (${detail})` : error.message));
      } else resolve({ stdout });
    });
  });

/** The cloc script the `cloc` npm package ships (resolved from the package, never from PATH). */
export function clocScript(): string {
  const require = createRequire(import.meta.url);
  const packageFile = require.resolve("cloc/package.json");
  const { bin } = require(packageFile) as { bin: Record<string, string> };
  return join(dirname(packageFile), bin.cloc!);
}

/**
 * Counts the lines of a target folder's own source with cloc (AlDanial's Perl script), leaving
 * build output and installed dependencies out. Never throws: returns the reason when cloc
 * cannot run or its output cannot be read.
 */
export async function countLines(targetDir: string, options: { run?: RunProgram } = {}): Promise<{ lines: LinesOfCode } | { reason: string }> {
  const args = [clocScript(), "--json", "--quiet", `--exclude-dir=${EXCLUDED_DIRS.join(",")}`, targetDir];
  let stdout: string;
  try {
    // Through perl explicitly, so a missing perl reads as such rather than as a missing script.
    ({ stdout } = await (options.run ?? runProgram)("perl", args));
  } catch (error) {
    const why = describeError(error);
    const hint = /ENOENT/.test(why) ? " (apt-get install perl)" : "";
    return { reason: `cloc needs perl: could not run it: ${why}${hint}` };
  }
  try {
    return { lines: parseClocJson(stdout) };
  } catch (error) {
    return { reason: `could not read cloc's output: ${describeError(error)}` };
  }
}

interface ClocLanguage {
  nFiles: number;
  blank: number;
  comment: number;
  code: number;
}

/**
 * Turns cloc's `--json` output into LinesOfCode: the source languages summed, most code first,
 * and the docs/config languages' code apart. Throws on output that is not cloc's JSON, and on
 * cloc's `{}` (no file it could count, or a folder it could not read): no version, no counts.
 */
export function parseClocJson(text: string): LinesOfCode {
  if (text.trim() === "") throw new Error("cloc printed nothing");
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (Object.keys(parsed).length === 0) throw new Error("cloc found no file it could count");
  const header = parsed.header as { cloc_version?: unknown } | undefined;
  if (typeof header?.cloc_version !== "string") throw new Error('no "header.cloc_version" in cloc\'s JSON');
  const languages: LanguageLines[] = [];
  let configCode = 0;
  for (const [language, value] of Object.entries(parsed)) {
    if (language === "header" || language === "SUM") continue;
    const counts = value as Partial<ClocLanguage>;
    for (const field of ["nFiles", "blank", "comment", "code"] as const) {
      if (typeof counts[field] !== "number") throw new Error(`${language}: "${field}" is not a number`);
    }
    const { nFiles, blank, comment, code } = counts as ClocLanguage;
    if (CONFIG_LANGUAGES.has(language)) configCode += code;
    else languages.push({ language, files: nFiles, code, comment, blank });
  }
  languages.sort((a, b) => b.code - a.code || a.language.localeCompare(b.language));
  const sum = (field: "files" | "code" | "comment" | "blank") => languages.reduce((total, language) => total + language[field], 0);
  return {
    counter: `cloc ${header.cloc_version}`,
    files: sum("files"),
    code: sum("code"),
    comment: sum("comment"),
    blank: sum("blank"),
    languages,
    config_code: configCode,
  };
}
