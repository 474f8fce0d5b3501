import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countCargoDependencies } from "../../../src/cost/dependencies/cargo.js";

const fixture = join(import.meta.dirname, "..", "..", "fixtures", "cost", "cargo-target");

describe("countCargoDependencies", () => {
  it("counts [dependencies], [build-dependencies] and platform tables as direct, and the lock's crates reached without dev-dependencies as total", () => {
    // direct: serde (twice), tokio, cc, winapi. total: cc, serde, serde_derive, proc-macro2,
    // syn 2.0.104, tokio, pin-project-lite, winapi; proptest, rand and syn 1.0.109 are dev-only.
    expect(countCargoDependencies(fixture)).toEqual({
      counts: {
        direct: 4,
        total: 8,
        source: "Cargo.lock",
        note: expect.stringContaining("as locked: Cargo.lock holds every platform's crates"),
      },
    });
  });

  it("gives a reason without a Cargo.lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "crudbench-cargo-"));
    try {
      cpSync(join(fixture, "Cargo.toml"), join(dir, "Cargo.toml"));
      expect(countCargoDependencies(dir)).toEqual({ reason: "no Cargo.lock beside Cargo.toml (run `cargo generate-lockfile` and commit it)" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
