import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { measureArtefacts } from "../../src/cost/artefact-size.js";

let dir: string;
const file = (path: string, bytes: number) => {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), "x".repeat(bytes));
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crudbench-artefact-"));
  file("bin/app", 100);
  symlinkSync("app", join(dir, "bin", "link")); // 3 bytes: the link itself, not its target
  linkSync(join(dir, "bin", "app"), join(dir, "bin", "hard")); // the same file again
  file("dist/a.js", 50);
  file("dist/sub/b.js", 25);
  linkSync(join(dir, "bin", "app"), join(dir, "dist", "c.js")); // counted in bin already
  file("ws/node_modules/a/index.js", 10);
  file("ws/node_modules/b/index.js", 20);
  file("ws/node_modules/b/node_modules/shared/index.js", 40);
  file("ws/node_modules/b/node_modules/extraneous/index.js", 500); // left there, not in the closure
  file("ws/node_modules/dev-only/index.js", 1000);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("measureArtefacts", () => {
  it("sums apparent sizes, symlinks as links, each hard-linked file once across all parts", () => {
    expect(measureArtefacts(dir, ["bin", "dist"])).toEqual({
      artefact: {
        bytes: 178,
        parts: [
          { path: "bin", bytes: 103 },
          { path: "dist", bytes: 75 },
        ],
      },
    });
  });

  it("adds an npm target's node_modules share: its closure's package folders, a nested node_modules only through its own entry", () => {
    const closure = { lockDir: join(dir, "ws"), packages: ["node_modules/a", "node_modules/b", "node_modules/b/node_modules/shared"] };
    expect(measureArtefacts(dir, ["dist"], closure)).toEqual({
      artefact: {
        bytes: 245,
        parts: [
          // c.js, a hard link to bin/app, counts here: bin is not measured this time.
          { path: "dist", bytes: 175 },
          { path: "node_modules share (3 packages)", bytes: 70 },
        ],
      },
    });
  });

  it("gives a reason when a part is missing or nothing is named", () => {
    expect(measureArtefacts(dir, ["bin", "target/release/server"])).toEqual({ reason: "not built: target/release/server is missing (prepare the target)" });
    expect(measureArtefacts(dir, ["bin"], { lockDir: join(dir, "ws"), packages: ["node_modules/gone"] })).toEqual({
      reason: `not installed: ${join(dir, "ws", "node_modules", "gone")} is missing (run npm ci)`,
    });
    expect(measureArtefacts(dir, [])).toEqual({ reason: 'the manifest names no "artefacts"' });
  });
});
