import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Output } from "../console/output.js";
import { CrudbenchError, ExitCode } from "../errors.js";
import { locustRequirements, pinnedLocustVersion } from "../load/locust/install.js";
import { groupLocustFiles, importedResults, LocustFilesError } from "../load/locust/import-locust.js";
import { locustfile } from "../load/locust/locustfile.js";
import type { MixName } from "../load/mix.js";
import { writeRunArtefacts } from "../report/write-artefacts.js";
import { describeEnvironment } from "../results/environment.js";
import { resultsProblems } from "../results/read-results.js";
import { ensureWritableDir } from "../results/writer.js";
import { toolVersion } from "../version.js";
import { defaultResultsDir } from "../paths.js";

/** How to run the exported workload on many machines. Pure. */
export function exportReadme(mix: MixName, version: string): string {
  return `# crudbench's "${mix}" load for Locust ${version}

Written by \`crudbench export locust\`: \`locustfile.py\` sends the requests crudbench's own load
generator sends (its mixes and request templates, every answer checked: status, content type,
the task's id), and \`requirements.txt\` pins Locust and every dependency exactly.

## Install (every machine)

    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt

## Run: a master on one host, workers on others

Each worker seeds its own tasks at start (\`CRUDBENCH_SEED_TASKS\`, default 1000) on the
target, then reads and updates them; a user deletes only tasks it created. \`CRUDBENCH_MIX\`
(read, write, crud) picks another mix, \`CRUDBENCH_TIMEOUT_S\` the request timeout.

    # master (no web UI; users = connections, all spawned at once)
    .venv/bin/locust -f locustfile.py --master --headless --expect-workers 4 \\
      --host http://TARGET:8000 -u 64 -r 64 -t 60s --csv level-64 --only-summary
    # on each worker host
    .venv/bin/locust -f locustfile.py --worker --master-host MASTER --host http://TARGET:8000

Run one Locust run per level (\`-u\` users), each with its own \`--csv\` prefix, after a
discarded warm-up run. Locust's master listens on port 5557 of all interfaces unless given
\`--master-bind-host\`: keep it on a private network.

On Kubernetes, Locust's Helm chart (deliveryhero/locust) runs the same master and workers:
give it this locustfile and requirements.txt and the same \`-u\`, \`-r\`, \`-t\` and \`--csv\`.

## Import into crudbench

    crudbench import locust level-*_stats.csv level-*_failures.csv level-*_stats_history.csv \\
      --mix ${mix} --target NAME -o results/imported

writes results.json and the report, one closed level per run. What Locust's files do not
hold (the machines, the database, the timings asked for, the target's description) is null in
results.json and listed with the reason under \`imported.unknown\`. \`CRUDBENCH_PACE_PER_USER\`
(requests a second per user) paces the users instead of sending back to back, but such a run
is still closed-loop (a late answer delays the next send) and is imported as a closed level.
Locust's percentiles are whole milliseconds; docs/methodology.md ("Locust") says what it
measures differently.
`;
}

/** `crudbench export locust --out DIR [--mix M]`: the locustfile, its pinned requirements and a README. */
export function exportLocustCommand(options: { out: string; mix: MixName; requestTimeout: number }, output: Output): number {
  const dir = resolve(options.out);
  ensureWritableDir(dir);
  writeFileSync(join(dir, "locustfile.py"), locustfile(options.mix, options.requestTimeout));
  copyFileSync(locustRequirements, join(dir, "requirements.txt"));
  writeFileSync(join(dir, "README.md"), exportReadme(options.mix, pinnedLocustVersion()));
  output.info(`export: ${join(dir, "locustfile.py")}\n        ${join(dir, "requirements.txt")}\n        ${join(dir, "README.md")}`);
  return ExitCode.ok;
}

export interface ImportLocustOptions {
  out?: string;
  target: string;
  mix: MixName;
  sloP99: number;
  users?: number;
}

/** `crudbench import locust <files...>`: Locust's --csv files into results.json and the report. */
export async function importLocustCommand(files: string[], options: ImportLocustOptions, output: Output): Promise<number> {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new CrudbenchError(`cannot read ${missing.join(", ")}`, { hint: "pass the files Locust wrote with --csv PREFIX: PREFIX_stats.csv and PREFIX_failures.csv (and PREFIX_stats_history.csv)" });
  const { runs, problems } = groupLocustFiles(files, (file) => readFileSync(file, "utf8"));
  if (runs.length === 0 && problems.length === 0) problems.push("no Locust run among the files given");
  if (problems.length > 0) throw new CrudbenchError(problems.join("\n"), { hint: "pass each run's PREFIX_stats.csv and PREFIX_failures.csv (and PREFIX_stats_history.csv for its users and stability)" });
  let results;
  try {
    results = importedResults(runs, files, { target: options.target, mix: options.mix, sloP99Ms: options.sloP99, users: options.users, now: new Date(), environment: describeEnvironment(), toolVersion: toolVersion() });
  } catch (error) {
    if (error instanceof RangeError) throw new CrudbenchError(error.message, { hint: "give --users N (the -u of that Locust run), or its _stats_history.csv" });
    if (error instanceof LocustFilesError) throw new CrudbenchError(error.message, { hint: "pass the files Locust wrote with --csv PREFIX, unchanged" });
    throw error;
  }
  const invalid = resultsProblems(results);
  if (invalid.length > 0) throw new CrudbenchError(`the imported results do not match spec/results.schema.json:\n  ${invalid.join("\n  ")}`, { exitCode: ExitCode.internal });
  const dir = resolve(options.out ?? join(defaultResultsDir, `locust-${results.run.id}`));
  ensureWritableDir(dir);
  await writeRunArtefacts(dir, results, output);
  output.info(`import: ${runs.length} Locust run(s) as closed levels of ${options.target}\n        ${join(dir, "results.json")}\n        ${join(dir, "report.md")}`);
  return ExitCode.ok;
}
