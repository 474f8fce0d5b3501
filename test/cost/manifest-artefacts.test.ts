import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifest } from "../../src/targets/manifest.js";

const targetsDir = join(import.meta.dirname, "..", "..", "targets");
const read = (name: string) => JSON.parse(readFileSync(join(targetsDir, name, "target.json"), "utf8")) as Record<string, unknown>;

describe("the artefacts manifest field", () => {
  it.each([
    ["actix-raw", ["target/release/crudbench-actix-raw"]],
    ["fastify-raw", ["dist"]],
    ["fastify-orm", ["dist"]],
    ["flask-raw", [".venv"]],
    ["flask-orm", [".venv"]],
  ])("%s names what it runs from", (name, artefacts) => {
    expect(validateManifest(read(name), name)).toEqual({ manifest: expect.objectContaining({ artefacts }) });
  });

  it("takes only paths inside the target folder", () => {
    for (const path of ["/usr/bin/node", "../shared/dist", "out/../../x", ""]) {
      const result = validateManifest({ ...read("fastify-raw"), artefacts: [path] }, "fastify-raw");
      expect(result, path).toEqual({ problems: [expect.stringMatching(/^artefacts\.0: must match pattern/)] });
    }
    expect(validateManifest({ ...read("fastify-raw"), artefacts: ["dist/..x", "a..b"] }, "fastify-raw")).toMatchObject({ manifest: {} });
  });
});
