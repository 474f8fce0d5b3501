import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installLocust } from "../../src/load/locust/install.js";
import { resultsProblems } from "../../src/results/read-results.js";
import { startCountingTaskServer } from "../fixtures/wrk/counting-task-server.js";
import { runCli } from "../support/cli.js";

/** Runs a program to its end; its output, for a failure's message. */
async function run(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  const child = spawn(argv[0]!, argv.slice(1), { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

describe("crudbench export locust → Locust with --csv → crudbench import locust", () => {
  const dir = mkdtempSync(join(tmpdir(), "crudbench-locust-cli-"));
  let locust: string;
  beforeAll(async () => {
    locust = await installLocust(join(dir, "install.log"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips: the exported locustfile seeds and runs headless, and its CSV files import into valid results and a report", async () => {
    const exported = join(dir, "export");
    const exportRun = await runCli(["export", "locust", "--out", exported, "--mix", "crud"]);
    expect(exportRun.code, exportRun.stderr).toBe(0);
    expect(readdirSync(exported).sort()).toEqual(["README.md", "locustfile.py", "requirements.txt"]);
    expect(readFileSync(join(exported, "requirements.txt"), "utf8")).toMatch(/^locust==2\.47\.0$/m);

    // The exported locustfile alone: no crudbench, its own seeding, as on another machine.
    const server = await startCountingTaskServer([]);
    try {
      const locustRun = await run([locust, "-f", "locustfile.py", "--headless", "--host", server.baseUrl, "-u", "2", "-r", "2", "-t", "2s", "--csv", "level-2", "--only-summary", "--exit-code-on-error", "0"], {
        cwd: exported,
        env: { ...process.env, CRUDBENCH_SEED_TASKS: "20" },
      });
      expect(locustRun.code, locustRun.output).toBe(0);
      expect(server.counts.badDelete).toBe(0);
    } finally {
      await server.close();
    }

    const out = join(dir, "imported");
    const files = ["level-2_stats.csv", "level-2_failures.csv", "level-2_stats_history.csv"].map((file) => join(exported, file));
    const importRun = await runCli(["import", "locust", ...files, "-o", out, "--target", "counting", "--mix", "crud"]);
    expect(importRun.code, importRun.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { targets: { load: { closed: { generator: string; concurrency: number; errors: object; latency: { count: number } }[] } }[]; imported: { unknown: object } };
    expect(resultsProblems(results)).toEqual([]);
    const [level] = results.targets[0]!.load.closed;
    expect(level).toMatchObject({ generator: "locust", concurrency: 2, errors: {} });
    expect(level!.latency.count).toBeGreaterThan(100);
    expect(results.imported.unknown).toHaveProperty("environment");
    expect(existsSync(join(out, "report.md"))).toBe(true);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| locust | 2 |");
  });

  it("refuses an import without a run's failures file, and --workers without --engine locust, with exit 2", async () => {
    writeFileSync(join(dir, "x_stats.csv"), "Type,Name\n");
    const partial = await runCli(["import", "locust", join(dir, "x_stats.csv")]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("x_failures.csv not given");
    // Files that are not Locust's output: a usage error naming the run, not an internal one.
    writeFileSync(join(dir, "y_stats.csv"), "Type,Name,Request Count\n,Aggregated,3,4\n");
    writeFileSync(join(dir, "y_failures.csv"), "Method,Name,Error,Occurrences\n");
    const malformed = await runCli(["import", "locust", join(dir, "y_stats.csv"), join(dir, "y_failures.csv"), "--users", "2"]);
    expect(malformed.code, malformed.stderr).toBe(2);
    expect(malformed.stderr).toContain(`${join(dir, "y")}: not Locust's --csv output`);
    expect(malformed.stderr).not.toMatch(/^\s+at /m);
    // A target name that does not exist is refused before Locust is installed or looked for.
    const unknown = await runCli(["load", "-t", "no-such-target", "--engine", "locust"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown target");
    expect(unknown.stderr).not.toContain("load: Locust");
    // An unknown target: were the check missing, the run would stop at once on it, not measure every target.
    const workers = await runCli(["load", "-t", "no-such-target", "--workers", "2"]);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain("--workers is Locust's");
  });
});
