import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countLines, parseClocJson } from "../../src/cost/lines-of-code.js";

const fixture = join(import.meta.dirname, "..", "fixtures", "cost", "lines-target");

describe("parseClocJson", () => {
  const output = JSON.stringify({
    header: { cloc_url: "github.com/AlDanial/cloc", cloc_version: "1.96", n_files: 6 },
    Python: { nFiles: 2, blank: 4, comment: 3, code: 20 },
    Rust: { nFiles: 1, blank: 1, comment: 0, code: 20 },
    SQL: { nFiles: 1, blank: 0, comment: 1, code: 7 },
    Markdown: { nFiles: 1, blank: 5, comment: 0, code: 12 },
    TOML: { nFiles: 1, blank: 2, comment: 4, code: 9 },
    SUM: { nFiles: 6, blank: 12, comment: 8, code: 68 },
  });

  it("sums source languages, most code first (ties by name), and keeps docs/config code apart", () => {
    expect(parseClocJson(output)).toEqual({
      counter: "cloc 1.96",
      files: 4,
      code: 47,
      comment: 4,
      blank: 5,
      languages: [
        { language: "Python", files: 2, code: 20, comment: 3, blank: 4 },
        { language: "Rust", files: 1, code: 20, comment: 0, blank: 1 },
        { language: "SQL", files: 1, code: 7, comment: 1, blank: 0 },
      ],
      config_code: 21,
    });
  });

  it("refuses output that is not cloc's JSON, or cloc's empty answer", () => {
    expect(() => parseClocJson("")).toThrow("cloc printed nothing");
    expect(() => parseClocJson("{}")).toThrow("cloc found no file it could count");
    expect(() => parseClocJson('{"Python": {"nFiles": 1}}')).toThrow("header.cloc_version");
    expect(() => parseClocJson('{"header": {"cloc_version": "1.96"}, "Python": {"nFiles": 1, "blank": 0, "comment": 0}}')).toThrow('Python: "code" is not a number');
  });
});

describe("countLines (the real cloc)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "crudbench-lines-"));
    cpSync(fixture, dir, { recursive: true });
    // Installed dependencies and build output beside the source must not count.
    for (const excluded of ["node_modules/dep", "target/release", ".venv/lib", "dist", "__pycache__", ".crudbench"]) {
      mkdirSync(join(dir, excluded), { recursive: true });
      writeFileSync(join(dir, excluded, "noise.js"), "export const noise = 1;\nexport const more = 2;\n");
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the fixture's two languages, its README and JSON apart, and nothing under excluded folders", async () => {
    expect(await countLines(dir)).toEqual({
      lines: {
        counter: "cloc 1.96",
        files: 2,
        code: 7,
        comment: 5,
        blank: 3,
        languages: [
          { language: "JavaScript", files: 1, code: 4, comment: 3, blank: 1 },
          { language: "Python", files: 1, code: 3, comment: 2, blank: 2 },
        ],
        config_code: 3,
      },
    });
  });

  it("gives a reason, not a count, when perl cannot be started", async () => {
    const run = () => Promise.reject(Object.assign(new Error("spawn perl ENOENT"), { code: "ENOENT" }));
    expect(await countLines(dir, { run })).toEqual({ reason: "cloc needs perl: could not run it: spawn perl ENOENT (apt-get install perl)" });
  });

  it("gives a reason for a folder with nothing to count", async () => {
    expect(await countLines(join(dir, "does-not-exist"))).toEqual({ reason: "could not read cloc's output: cloc found no file it could count" });
  });
});
