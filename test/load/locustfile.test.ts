import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locustfile } from "../../src/load/locust/locustfile.js";
import { MIXES, REQUEST_KINDS, REQUEST_TEMPLATES } from "../../src/load/mix.js";

/** The JSON the locustfile embeds: crudbench's mixes and templates. */
function embedded(file: string): { mixes: unknown; kinds: unknown; templates: Record<string, { method: string; path: string; body: string | null; status: number; json: boolean; empty: boolean }> } {
  const literal = /^CRUDBENCH = json\.loads\('(.*)'\)$/m.exec(file)![1]!;
  return JSON.parse(literal.replace(/\\'/g, "'").replace(/\\\\/g, "\\"));
}

describe("the locustfile", () => {
  it("embeds crudbench's own mixes, order of kinds and request templates, with the expected status of each", () => {
    const data = embedded(locustfile("crud", 5000));
    expect(data.mixes).toEqual(MIXES);
    expect(data.kinds).toEqual(REQUEST_KINDS);
    for (const kind of REQUEST_KINDS) {
      expect(data.templates[kind]).toMatchObject({ method: REQUEST_TEMPLATES[kind].method, path: REQUEST_TEMPLATES[kind].path, body: REQUEST_TEMPLATES[kind].body ?? null, status: REQUEST_TEMPLATES[kind].expectation.status });
    }
    expect(data.templates.delete).toMatchObject({ json: false, empty: true });
    expect(data.templates.read).toMatchObject({ json: true, empty: false });
  });

  it("defaults to the mix and timeout it was generated for, a closed-loop FastHttpUser with one connection", () => {
    const file = locustfile("write", 2500);
    expect(file).toMatch(/^DEFAULT_MIX = 'write'$/m);
    expect(file).toMatch(/^DEFAULT_TIMEOUT_S = 2\.5$/m);
    expect(file).toContain("class CrudbenchUser(FastHttpUser):");
    expect(file).toContain("wait_time = constant_throughput(PACE_PER_USER) if PACE_PER_USER > 0 else constant(0)");
    expect(file).toContain("concurrency = 1");
    // Deletes take a task this user created, and a delete with none left becomes a create.
    expect(file).toContain('if kind == "delete" and not self.created:');
    expect(file).toContain("self.created.pop(random.randrange(len(self.created)))");
  });

  it("is Python that compiles", () => {
    const dir = mkdtempSync(join(tmpdir(), "crudbench-locustfile-"));
    try {
      const path = join(dir, "locustfile.py");
      writeFileSync(path, locustfile("crud", 5000));
      execFileSync("python3", ["-m", "py_compile", path]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
