import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPostgresBinDir } from "../../src/database/postgres-cluster.js";

describe("finding PostgreSQL's server binaries", () => {
  const root = mkdtempSync(join(tmpdir(), "crudbench-pgbin-"));

  it("takes the newest Debian major version that has initdb", () => {
    for (const major of ["13", "15", "16"]) mkdirSync(join(root, major, "bin"), { recursive: true });
    writeFileSync(join(root, "13", "bin", "initdb"), "");
    writeFileSync(join(root, "15", "bin", "initdb"), "");
    expect(findPostgresBinDir(root, "")).toBe(join(root, "15", "bin"));
  });

  it("finds nothing where there is no server, so the caller can say how to install one", () => {
    expect(findPostgresBinDir(join(root, "nothing-here"), "/nonexistent/bin")).toBeUndefined();
  });
});
