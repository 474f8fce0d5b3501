import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupLocustFiles, importedResults, usersOf } from "../../src/load/locust/import-locust.js";
import { failureCause, failuresByCause, locustCpuWarned, locustLevel, parseCsv } from "../../src/load/locust/locust-stats.js";
import { describeEnvironment } from "../../src/results/environment.js";
import { resultsProblems } from "../../src/results/read-results.js";

/** Real Locust 2.47.0 output (2 users, 2 s, the crud mix; "failing" answered every PUT 500). */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", "locust", name), "utf8");

describe("Locust's CSV files", () => {
  it("are read as Python's csv module writes them, quotes and commas inside fields included", () => {
    expect(parseCsv('Method,Name,Error,Occurrences\r\nGET,read,"CatchResponseError(\'invalid-body: a, b ""c""\')",3\r\n')).toEqual([
      { Method: "GET", Name: "read", Error: 'CatchResponseError(\'invalid-body: a, b "c"\')', Occurrences: "3" },
    ]);
    expect(parseCsv('a,b\n"x ""y""",2\n')).toEqual([{ a: 'x "y"', b: "2" }]);
  });

  it("are read strictly: blank lines are skipped, but a row that does not fit the header is an error, not a guess", () => {
    expect(parseCsv("a,b\r\n\r\n1,2\r\n")).toEqual([{ a: "1", b: "2" }]);
    expect(parseCsv("")).toEqual([]);
    expect(() => parseCsv("a,b\r\n1\r\n")).toThrow("Invalid Record Length: columns length is 2, got 1 on line 2");
  });

  it("name each failure by its cause: status, invalid-body, timeout, or network", () => {
    expect(failureCause("CatchResponseError('500')")).toBe("500");
    expect(failureCause("CatchResponseError('invalid-body: another task\'s id')")).toBe("invalid-body");
    expect(failureCause('CatchResponseError("timeout: RetriesExceeded")')).toBe("timeout");
    expect(failureCause("CatchResponseError('network: ConnectionRefusedError')")).toBe("network");
    expect(failureCause("ConnectionResetError(104, 'Connection reset by peer')")).toBe("network");
    expect(failuresByCause(fixture("failing_failures.csv"))).toEqual({ "500": 1000 });
  });

  it("give a clean level its rate, mean, whole-millisecond percentiles and spectrum", () => {
    const level = locustLevel(fixture("clean_stats.csv"), fixture("clean_failures.csv"), 2);
    expect(level).toMatchObject({ model: "closed", generator: "locust", concurrency: 2, target_rate: null, achieved_rps: 3582.6, errors: {}, dropped: 0 });
    expect(level.latency).toMatchObject({ count: 7267, censored: 0, mean_ms: 0.408, p50_ms: 0, p90_ms: 0, p99_ms: 3, p999_ms: 5, max_ms: 26.61215900297975, p99_lower_bound: false });
    expect(level.latency.spectrum.map((point) => point.percentile)).toEqual([50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100]);
    // What Locust does not report is unknown, not zero.
    expect(level).toMatchObject({ quarters_rps: null, dispatch_lag_p99_ms: null, generator_cpu_percent: null, event_loop_delay_p99_ms: null, generator_bound: null, uncorrected_latency: null });
  });

  it("give a level with failures its failures by cause, answered requests per second, and no percentiles or mean", () => {
    const level = locustLevel(fixture("failing_stats.csv"), fixture("failing_failures.csv"), 2);
    expect(level.errors).toEqual({ "500": 1000 });
    expect(level.latency).toMatchObject({ count: 6910, censored: 1000, mean_ms: null, p50_ms: null, p99_ms: null, max_ms: null, spectrum: [] });
    expect(level.achieved_rps).toBe(2950.1);
  });

  it("count failures the failures file lacks as unknown, and mark a CPU warning as generator-bound", () => {
    const level = locustLevel(fixture("failing_stats.csv"), "Method,Name,Error,Occurrences\n", 2, locustCpuWarned("WARNING/root: CPU usage above 90%! This may constrain your throughput"));
    expect(level.errors).toEqual({ unknown: 1000 });
    expect(level.generator_bound).toBe(true);
  });

  it("give the users that ran from the history", () => {
    expect(usersOf(fixture("clean_stats_history.csv"))).toBe(2);
  });

  it("are grouped by run, every problem at once", () => {
    const read = (file: string) => file;
    const { runs, problems } = groupLocustFiles(["a_stats.csv", "a_failures.csv", "a_exceptions.csv", "b_stats.csv", "notes.txt"], read);
    expect(runs.map((run) => run.prefix)).toEqual(["a"]);
    expect(problems).toEqual(["notes.txt: not a Locust --csv file (*_stats.csv, *_failures.csv, *_stats_history.csv)", "b: b_failures.csv not given (a level needs both, its failures by cause come from the second)"]);
  });

  it("import into valid results, every unknown field listed with its reason", () => {
    const runs = [
      { prefix: "clean", stats: fixture("clean_stats.csv"), failures: fixture("clean_failures.csv"), history: fixture("clean_stats_history.csv") },
      { prefix: "failing", stats: fixture("failing_stats.csv"), failures: fixture("failing_failures.csv"), history: undefined },
    ];
    const results = importedResults(runs, ["x"], { target: "t", mix: "crud", sloP99Ms: 50, users: 3, now: new Date("2026-11-30T20:00:00Z"), environment: describeEnvironment(), toolVersion: "0.0.0" });
    expect(resultsProblems(results)).toEqual([]);
    const load = results.targets[0]!.status === "measured" ? results.targets[0]!.load! : undefined;
    expect(load?.closed.map((level) => [level.concurrency, level.verdict.valid])).toEqual([[2, false], [3, false]]);
    expect(results.imported?.unknown).toHaveProperty("environment");
    expect(results.imported?.unknown).toHaveProperty(["targets[].load.closed[].generator_cpu_percent"]);
    expect(() => importedResults([runs[1]!], ["x"], { target: "t", mix: "crud", sloP99Ms: 50, now: new Date(), environment: describeEnvironment(), toolVersion: "0" })).toThrow(/--users/);
  });
});
