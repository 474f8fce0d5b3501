import { resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { calibrateCommand, type CalibrateOptions } from "./commands/calibrate.js";
import { checkCommand } from "./commands/check.js";
import { claimsCommand } from "./commands/claims.js";
import { compareCommand } from "./commands/compare.js";
import { listCommand } from "./commands/list.js";
import { exportLocustCommand, importLocustCommand, type ImportLocustOptions } from "./commands/locust.js";
import type { MixName } from "./load/mix.js";
import { databaseKind, duration, integerList, mixName, nameList, nonNegativeInteger, positiveInteger, threshold } from "./commands/options.js";
import { collectUrl } from "./targets/remote.js";
import { reportCommand } from "./commands/report.js";
import { LATENCY_DEFAULTS, latencyConfig, LOAD_DEFAULTS, loadConfig, loadEngineProblem, runCommand, type LatencyOptions, type LoadOptions, type MeasuringOptions } from "./commands/run.js";
import { createOutput, type Output } from "./console/output.js";
import { CrudbenchError, describeError, ExitCode } from "./errors.js";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "./http/client.js";
import { defaultResultsDir, defaultTargetsDir } from "./paths.js";
import { toolVersion } from "./version.js";

const EXIT_CODES_HELP = `
Exit codes:
  0    every target measured (or checked) with no errors
  1    at least one target failed (prepare, start, conformance, crash) or counted errors;
       for compare: a significant regression beyond the threshold;
       for claims, run --claims, load --claims: a claim refuted by the run's intervals
  2    usage or configuration error (bad option, unknown target, invalid manifest, results or claims file;
       for compare: no target with latency sessions in both runs)
  3    internal error: a crudbench bug (please report it with the output)
  130  interrupted (Ctrl-C); results finished so far are on disk

Environment:
  NO_COLOR   disable colour in messages`;

function buildProgram(output: Output, setExitCode: (code: number) => void): Command {
  const program = new Command("crudbench")
    .description("Benchmark CRUD web backends across languages, frameworks and data-access styles on one Task API.")
    .version(toolVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ outputError: (text) => output.error(text.replace(/^error: /, "").trim()) });

  /** Options shared by the commands that start targets and write results (run, load). */
  const addMeasuringOptions = (command: Command) =>
    command
      .option("--no-pin", "do not pin the harness and the targets to separate CPUs (taskset)")
      .addOption(new Option("--db <kind>", "database").argParser(databaseKind).default("sqlite"))
      .option("-o, --out <dir>", "write results.json and the reports into this folder (default: results/<run id>/, linked from results/latest)")
      .addOption(targetsDirOption())
      .addOption(urlOption())
      .addOption(new Option("--results-dir <dir>", "root of results/<run id>/ folders").default(defaultResultsDir, "./results"))
      .addOption(timeoutOption())
      .option("--claims <file>", "check the claims in this file (YAML or JSON, spec/claims.schema.json) with the run's statistics; read before anything is measured; exit 1 if one is refuted");
  const resolvePaths = <T extends { targetsDir: string; resultsDir: string; out?: string }>(options: T): T => ({
    ...options,
    targetsDir: resolve(options.targetsDir),
    resultsDir: resolve(options.resultsDir),
    ...(options.out ? { out: resolve(options.out) } : {}),
  });

  const urlOption = () => new Option("--url <name=url>", "a server started elsewhere, as NAME=http://host:port (repeatable); with no targets named, only these are measured; with targets named, name NAME among them").argParser(collectUrl);
  const targetsDirOption = () => new Option("--targets-dir <dir>", "folder holding targets/<name>/target.json").default(defaultTargetsDir, "./targets");
  const timeoutOption = () => new Option("--request-timeout <ms>", "per-request timeout; a timeout counts as an error").argParser(positiveInteger).default(DEFAULT_REQUEST_TIMEOUT_MS);

  const runCommandSpec = program
    .command("run")
    .description("prepare, check and benchmark targets; write results.json, report.md, report.html and charts")
    .option("-t, --targets <names>", "comma-separated targets to run, local or --url NAMEs, in this order (default: all local ones, or only the --url ones when given)", nameList)
    .option("-S, --sessions <n>", "sessions: every target started afresh this many times, all at once (the unit of every interval)", positiveInteger, LATENCY_DEFAULTS.sessions)
    .option("-B, --blocks <n>", "blocks per session: each runs one batch per operation of every target, in a seeded balanced order", positiveInteger, LATENCY_DEFAULTS.blocks)
    .option("-n, --batch <n>", "timed sequential requests per single-operation batch", positiveInteger, LATENCY_DEFAULTS.batch)
    .option("--turn <n>", "timed requests per turn: in a step the targets take turns, each sending --rewarm untimed then --turn timed requests (--turn = --batch: whole batches)", positiveInteger, LATENCY_DEFAULTS.turn)
    .option("--rewarm <n>", "untimed requests at the start of every turn", nonNegativeInteger, LATENCY_DEFAULTS.rewarm)
    .option("-w, --warmup <n>", "untimed mixed requests per target per session, before the first block", nonNegativeInteger, LATENCY_DEFAULTS.warmup)
    .option("-b, --bulk-size <n>", "tasks per bulk operation", positiveInteger, LATENCY_DEFAULTS.bulkSize)
    .option("--bulk-every <n>", "one bulk repetition per target in every n-th block", positiveInteger, LATENCY_DEFAULTS.bulkEvery)
    .option("--bulk-warmup <n>", "untimed bulk repetitions per target per session", nonNegativeInteger, LATENCY_DEFAULTS.bulkWarmup)
    .option("--seed <n>", "seed of the block orders", nonNegativeInteger, LATENCY_DEFAULTS.seed)
    .option("--idle-window <ms>", "how long idle memory is sampled after every target is ready", positiveInteger, LATENCY_DEFAULTS.idleWindow)
    .option("--load", "after the sessions, also run the load stage (see `crudbench load`) with its defaults", false)
    .action(async (options: MeasuringOptions & LatencyOptions & { load: boolean }) => {
      const stages = { latency: latencyConfig(options), load: options.load ? loadConfig({}) : null };
      setExitCode(await runCommand(resolvePaths(options), stages, output));
    });
  addMeasuringOptions(runCommandSpec);

  const loadCommandSpec = program
    .command("load")
    .description("throughput under concurrency: closed-model levels, an open-model rate sweep (coordinated-omission corrected), wrk where installed; --engine locust: Locust drives the closed levels")
    .option("-t, --targets <names>", "comma-separated targets, local or --url NAMEs, in this order (default: all local ones, or only the --url ones when given)", nameList)
    .option("--levels <list>", "closed model: concurrent connections per level", integerList, LOAD_DEFAULTS.levels)
    .option("--rates <list>", "open model: arrival rates (req/s) to sweep", integerList, LOAD_DEFAULTS.rates)
    .option("--rate <n>", "open model: one arrival rate instead of a sweep", positiveInteger)
    .option("--duration <time>", 'measured time per level, e.g. "10s"', duration, LOAD_DEFAULTS.duration)
    .option("--warmup-time <time>", "unmeasured time before each level", duration, LOAD_DEFAULTS.warmupTime)
    .addOption(new Option("--mix <mix>", "request mix: read, write, or crud (70% read, 10% create, 15% update, 5% delete)").argParser(mixName).default(LOAD_DEFAULTS.mix))
    .option("--slo-p99 <ms>", "latency objective for the sustainable rate: corrected p99 at most this", positiveInteger, LOAD_DEFAULTS.sloP99)
    .option("--open-connections <n>", "connections the open-model generator may use", positiveInteger, LOAD_DEFAULTS.openConnections)
    .option("--no-wrk", "do not use wrk even where it is installed")
    .addOption(new Option("--engine <engine>", "what drives the closed levels: crudbench (its own generator) or locust (installed into its own venv on first use; the open model only with --rate/--rates, paced by Locust and not corrected for coordinated omission)").choices(["crudbench", "locust"]).default(LOAD_DEFAULTS.engine))
    .option("--workers <n>", "with --engine locust: Locust worker processes beside its master", positiveInteger, LOAD_DEFAULTS.workers)
    .action(async (options: MeasuringOptions & LoadOptions, command: Command) => {
      const given = (name: string) => command.getOptionValueSource(name) === "cli";
      const problem = loadEngineProblem({ engine: options.engine, workersGiven: given("workers") });
      if (problem) throw new CrudbenchError(problem.message, { exitCode: ExitCode.usage, hint: problem.hint });
      // The load stage alone: no latency sessions, so none are recorded.
      setExitCode(await runCommand(resolvePaths(options), { latency: null, load: loadConfig(options, given("rate") || given("rates")) }, output));
    });
  addMeasuringOptions(loadCommandSpec);

  const exportCommand = program.command("export").description("write crudbench's workload for another tool, to run elsewhere");
  exportCommand
    .command("locust")
    .description("a locustfile of crudbench's load mix, its pinned requirements and a README for a master and workers on many machines")
    .requiredOption("--out <dir>", "write the files here")
    .addOption(new Option("--mix <mix>", "the locustfile's default mix: read, write, or crud").argParser(mixName).default(LOAD_DEFAULTS.mix))
    .addOption(timeoutOption())
    .action((options: { out: string; mix: MixName; requestTimeout: number }) => setExitCode(exportLocustCommand(options, output)));
  const importCommand = program.command("import").description("turn another tool's output into a crudbench results.json and report");
  importCommand
    .command("locust")
    .description("Locust's --csv files (PREFIX_stats.csv, PREFIX_failures.csv, PREFIX_stats_history.csv; one run per level) into results.json and the report")
    .argument("<files...>", "the CSV files of one or more Locust runs")
    .option("-o, --out <dir>", "write results.json and the report here (default: ./results/locust-<time>, as run's)")
    .option("--target <name>", "the name of what was measured", "imported")
    .addOption(new Option("--mix <mix>", "the mix the locustfile ran: read, write, or crud").argParser(mixName).default(LOAD_DEFAULTS.mix))
    .option("--slo-p99 <ms>", "latency objective the levels are judged against", positiveInteger, LOAD_DEFAULTS.sloP99)
    .option("--users <n>", "users per run, for runs without a _stats_history.csv", positiveInteger)
    .action(async (files: string[], options: ImportLocustOptions) => setExitCode(await importLocustCommand(files, options, output)));

  program
    .command("check")
    .description("prepare targets and run the conformance suite only (no timing)")
    .argument("[targets...]", "targets to check, local or --url NAMEs (default: all local ones, or only the --url ones when given)")
    .addOption(new Option("--db <kind>", "database").argParser(databaseKind).default("sqlite"))
    .option("--json", "print the per-case outcome as JSON on stdout", false)
    .addOption(targetsDirOption())
    .addOption(urlOption())
    .addOption(timeoutOption())
    .action(async (names: string[], options: { targetsDir: string; db: "sqlite" | "postgres"; json: boolean; requestTimeout: number; url?: string[] }) => {
      setExitCode(await checkCommand(names, { ...options, targetsDir: resolve(options.targetsDir) }, output));
    });

  program
    .command("calibrate")
    .description("the harness floor: each timing engine (native when it builds, undici-dispatch) and wrk -t1 -c1 against a bare echo server")
    .option("--json", "print the floors as JSON on stdout", false)
    .option("--requests <n>", "timed sequential GETs per engine (after 200 warm-up)", positiveInteger, 2000)
    .option("--no-pin", "do not pin the harness and the echo server to separate CPUs (taskset)")
    .addOption(timeoutOption())
    .action(async (options: CalibrateOptions) => setExitCode(await calibrateCommand(options, output)));

  program
    .command("list")
    .description("list the targets and what they are")
    .addOption(targetsDirOption())
    .action((options: { targetsDir: string }) => setExitCode(listCommand(resolve(options.targetsDir))));

  program
    .command("report")
    .description("re-render report.md, report.html and the charts from a results.json without running anything")
    .argument("<results.json>", "a results file written by `crudbench run`")
    .option("-o, --out <dir>", "write the reports here (default: beside the results file)")
    .option("--claims <file>", "evaluate the claims in this file and put them in the results and reports written")
    .action(async (file: string, options: { out?: string; claims?: string }) => setExitCode(await reportCommand(resolve(file), options, output)));

  program
    .command("claims")
    .description("check the claims in a file (e.g. a published report's) with a run's statistics: holds, refuted, not settled or not measured, per claim and per part")
    .argument("<claims-file>", "claims in YAML or JSON (spec/claims.schema.json; claims/seed-report.yaml is an example)")
    .argument("<results.json>", "a results file written by `crudbench run`")
    .option("--json", "print the evaluation (results.claims) as JSON instead of Markdown tables", false)
    .addHelpText(
      "after",
      `
A claim holds when every part's interval lies inside the claimed range, is refuted when one lies
wholly outside it, and is not settled when one straddles a bound. Each part's interval has
coverage 1 - 0.05/k for a claim of k parts, so a verdict is wrong at most 5% of the time.
Exit 0 when no claim is refuted, 1 when one is, 2 for an invalid claims file or results file.`,
    )
    .action((claimsFile: string, resultsFile: string, options: { json: boolean }) => setExitCode(claimsCommand(claimsFile, resultsFile, options)));

  program
    .command("compare")
    .description("compare a new results.json against a baseline; exit 1 on a significant regression beyond the threshold")
    .argument("<baseline.json>", "results of the baseline run")
    .argument("<new.json>", "results of the run to judge")
    .option("--threshold <share>", 'smallest change that counts, e.g. "5%"', threshold, 0.05)
    .option("--json", "print the comparison as JSON instead of Markdown", false)
    .action((baseline: string, candidate: string, options: { threshold: number; json: boolean }) => setExitCode(compareCommand(resolve(baseline), resolve(candidate), options, output)));

  return program;
}

export async function main(argv: string[], output: Output = createOutput()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportFailure(error, output);
  }
}

/**
 * The exit code for an error that reached the top, after saying what it was: commander's
 * usage errors (already printed) and CrudbenchError carry theirs; anything else is a bug.
 */
export function reportFailure(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CrudbenchError) {
    output.error(error.message, error.hint);
    return error.exitCode;
  }
  output.error(`unexpected failure: ${describeError(error)}`, "this is a crudbench bug; please report it with the output above");
  if (error instanceof Error && error.stack) output.info(error.stack);
  return ExitCode.internal;
}
