import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installLocust } from "../../src/load/locust/install.js";
import { locustfile } from "../../src/load/locust/locustfile.js";
import { kindForRoll, MIXES, type MixName } from "../../src/load/mix.js";

/** The locustfile's own Python, loaded by Locust's interpreter: it picks the kinds crudbench's planner picks. */
describe("the locustfile's choice of request", () => {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-locustfile-rolls-"));
  let python: string;
  beforeAll(async () => {
    python = join(dirname(await installLocust(join(dir, "install.log"))), "python");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives every roll in [0, 100) the kind kindForRoll gives it, in every mix", () => {
    const rolls = Array.from({ length: 400 }, (_, i) => i / 4);
    for (const mix of Object.keys(MIXES) as MixName[]) {
      const file = join(dir, `locustfile_${mix}.py`);
      writeFileSync(file, locustfile(mix, 5000));
      const script = `import importlib.util, json, sys\nspec = importlib.util.spec_from_file_location("lf", sys.argv[1])\nlf = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(lf)\nprint(json.dumps([lf.kind_for_roll(r) for r in json.loads(sys.argv[2])]))`;
      const kinds = JSON.parse(execFileSync(python, ["-c", script, file, JSON.stringify(rolls)], { encoding: "utf8" }).trim().split("\n").at(-1)!) as string[];
      expect(kinds, mix).toEqual(rolls.map((roll) => kindForRoll(mix, roll)));
    }
  });
});
