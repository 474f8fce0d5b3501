import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CrudbenchError } from "../../src/errors.js";
import { ensureWritableDir, updateLatest, writeFileAtomic } from "../../src/results/writer.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "crudbench-writer-"));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function readWhole(fd: number): string {
  const buffer = Buffer.alloc(1024);
  return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString();
}

describe("writeFileAtomic", () => {
  it("writes text and bytes, replacing what was there, and leaves no temporary file", () => {
    const path = join(root, "results.json");
    writeFileAtomic(path, '{"v":1}');
    expect(readFileSync(path, "utf8")).toBe('{"v":1}');
    writeFileAtomic(path, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect([...readFileSync(path)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(root)).toEqual(["results.json"]);
  });

  it("swaps in a new file instead of rewriting the old one, so a reader sees one whole version", () => {
    const path = join(root, "results.json");
    writeFileAtomic(path, "old and complete");
    const reader = openSync(path, "r");
    try {
      writeFileAtomic(path, "new");
      expect(readWhole(reader)).toBe("old and complete");
      expect(readFileSync(path, "utf8")).toBe("new");
    } finally {
      closeSync(reader);
    }
  });

  it("fails with a CrudbenchError naming the path and a hint, leaving nothing behind", () => {
    mkdirSync(join(root, "results.json"));
    writeFileSync(join(root, "results.json", "inside"), "");
    const path = join(root, "results.json");
    let error: unknown;
    try {
      writeFileAtomic(path, "x");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CrudbenchError);
    expect((error as CrudbenchError).message).toMatch(new RegExp(`^cannot write ${path}: `));
    expect((error as CrudbenchError).hint).toBe("check that the results folder is writable (--out DIR)");
    expect(readdirSync(root)).toEqual(["results.json"]);
  });
});

describe("ensureWritableDir", () => {
  it("creates missing folders and leaves no probe file", () => {
    const dir = join(root, "a", "b");
    ensureWritableDir(dir);
    expect(lstatSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("fails with a hint when the folder cannot be made", () => {
    writeFileSync(join(root, "file"), "");
    const dir = join(root, "file", "results");
    expect(() => ensureWritableDir(dir)).toThrow(CrudbenchError);
    expect(() => ensureWritableDir(dir)).toThrow(new RegExp(`^results folder ${dir} is not writable: `));
  });
});

describe("updateLatest", () => {
  it("points latest at the newest run by a relative link, replacing the previous one", () => {
    for (const run of ["2026-11-26T10-00-00Z", "2026-11-26T11-00-00Z"]) {
      mkdirSync(join(root, run));
      writeFileSync(join(root, run, "results.json"), run);
    }
    updateLatest(root, join(root, "2026-11-26T10-00-00Z"));
    expect(readlinkSync(join(root, "latest"))).toBe("2026-11-26T10-00-00Z");
    updateLatest(root, join(root, "2026-11-26T11-00-00Z"));
    expect(readlinkSync(join(root, "latest"))).toBe("2026-11-26T11-00-00Z");
    expect(readFileSync(join(root, "latest", "results.json"), "utf8")).toBe("2026-11-26T11-00-00Z");
    expect(readdirSync(root).sort()).toEqual(["2026-11-26T10-00-00Z", "2026-11-26T11-00-00Z", "latest"]);
  });

  it("replaces a latest that is a copied folder (from a filesystem without links)", () => {
    mkdirSync(join(root, "run-2"));
    mkdirSync(join(root, "latest"));
    writeFileSync(join(root, "latest", "results.json"), "a copy of run 1");
    updateLatest(root, join(root, "run-2"));
    expect(lstatSync(join(root, "latest")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "latest"))).toBe("run-2");
  });
});
