import type { Results } from "../results/types.js";

/**
 * The report's paragraphs on how the load was driven, and on results crudbench imported
 * rather than measured. Pure; every figure read from results.json.
 */

const seconds = (ms: number) => `${ms / 1000} s`;

/** The load stage: the mix, the models that ran, and each level's timing; undefined when no load ran. */
export function loadMethod(results: Results): string | undefined {
  const load = results.config.load;
  if (!load) return undefined;
  const seeded = load.seed_tasks === null ? "" : ` on ${load.seed_tasks} seeded tasks`;
  const engine = load.engine === "locust" ? ` driven by Locust${load.locust_workers === null ? "" : ` (a master and ${load.locust_workers} worker${load.locust_workers === 1 ? "" : "s"})`}` : "";
  const closed = `closed model at ${load.levels.join(", ")} connections${engine}`;
  const over = load.open_connections === null ? "" : ` over ${load.open_connections} ${load.engine === "locust" ? "users" : "connections"}`;
  const open =
    load.rates.length > 0
      ? `, open model at ${load.rates.join(", ")} req/s${over}${load.engine === "locust" ? " paced by Locust (a closed loop: latency uncorrected, missed sends counted as dropped, no sustainable rate)" : ""}`
      : load.engine === "locust"
        ? "; no open model (none asked for: Locust's pacing does not correct for coordinated omission)"
        : "; no open model";
  const timing =
    load.duration_ms === null
      ? " How long each level ran and warmed up is not known (not in the imported files)."
      : ` Each level ${load.warmup_ms === null ? "" : `${seconds(load.warmup_ms)} warm-up, then `}${seconds(load.duration_ms)} measured.`;
  const sustainable = load.rates.length > 0 && load.engine !== "locust" ? ` The sustainable rate is the highest arrival rate whose corrected p99 stayed within ${load.slo_p99_ms} ms with no errors and nothing dropped.` : "";
  return `Load: ${load.mix} mix${seeded}; ${closed}${open}.${timing}${sustainable}`;
}

/** What an imported run is, and every field its files could not give, with the reason; undefined for a run crudbench measured. */
export function importedMethod(results: Results): string | undefined {
  const imported = results.imported;
  if (!imported) return undefined;
  const unknown = Object.entries(imported.unknown).map(([field, reason]) => `${field}: ${reason}`);
  return (
    `Imported, not measured by crudbench: ${imported.from === "locust" ? "Locust's" : imported.from} CSV files (${imported.files.join(", ")}), each run one closed level judged by crudbench's verdicts. ` +
    `The target was not checked against the contract by crudbench, and its description, memory and latency sessions are not known. Not known from the files: ${unknown.join("; ")}.`
  );
}

/** The alert above everything for an imported run: these numbers are not crudbench's measurement. */
export function importedAlert(results: Results): string | undefined {
  if (!results.imported) return undefined;
  return `Imported from ${results.imported.from === "locust" ? "Locust's" : results.imported.from} files, not measured by crudbench: the target was not checked against the contract, and what was not in the files (the machines, the database, the target) is unknown — see Method.`;
}

/** What makes a level invalid, named briefly, in the order the summary lists them. */
const REASON_KINDS: readonly [pattern: RegExp, name: string][] = [
  [/^Little's law/, "Little's law"],
  [/own ceiling/, "Locust at its own ceiling"],
  [/failed, timed out or were dropped/, "errors or missed sends"],
  [/of the rate asked for/, "rate not reached"],
  [/throughput changed/, "unstable throughput"],
  [/no request was answered/, "nothing answered"],
];

/** A line for the summary of a load Locust drove: how many of its levels are valid, and why the others are not; undefined for other engines. */
export function locustSummaryLine(results: Results): string | undefined {
  if (results.config.load?.engine !== "locust") return undefined;
  const levels = results.targets.flatMap((t) => ("load" in t && t.load ? [...t.load.closed, ...t.load.open] : [])).filter((level) => level.generator === "locust");
  if (levels.length === 0) return undefined;
  const invalid = levels.filter((level) => !level.verdict.valid);
  const counts = REASON_KINDS.map(([pattern, name]) => [name, invalid.filter((level) => level.verdict.reasons.some((reason) => pattern.test(reason))).length] as const).filter(([, n]) => n > 0);
  const why = counts.length > 0 ? `; failed checks: ${counts.map(([name, n]) => `${name} ${n}`).join(", ")}` : "";
  return `Locust drove the load: ${levels.length - invalid.length} of ${levels.length} level${levels.length === 1 ? "" : "s"} valid${why} (the load tables give each level's reasons).`;
}
