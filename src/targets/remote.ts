import { CrudbenchError } from "../errors.js";
import { discoverTargets, selectTargets } from "./discovery.js";
import type { DatabaseKind, Target } from "./manifest.js";

/** A server started elsewhere, named on the command line (`--url NAME=http://host:port`). */
export interface RemoteSpec {
  name: string;
  url: string;
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HINT = "write --url NAME=http://host:port, e.g. --url mine=http://10.0.0.5:8080 (NAME: lower-case letters, digits and dashes)";

/** "NAME=http://host:port" → a RemoteSpec; a bad value is a usage error naming the problem. */
export function parseRemoteSpec(value: string): RemoteSpec {
  const equals = value.indexOf("=");
  if (equals < 0) throw new CrudbenchError(`--url ${value}: no NAME= before the URL`, { hint: HINT });
  const name = value.slice(0, equals).trim();
  const raw = value.slice(equals + 1).trim();
  if (!NAME.test(name)) throw new CrudbenchError(`--url ${value}: "${name}" is not a valid target name`, { hint: HINT });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) throw new CrudbenchError(`--url ${value}: the URL must start with http://`, { hint: HINT });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CrudbenchError(`--url ${value}: "${raw}" is not a URL`, { hint: HINT });
  }
  if (url.protocol === "https:") throw new CrudbenchError(`--url ${value}: https is not supported (only plain http:// to a host and port)`, { hint: "serve the Task API over http:// for the benchmark, e.g. on a private network or through an SSH tunnel" });
  if (url.protocol !== "http:") throw new CrudbenchError(`--url ${value}: the URL must start with http://`, { hint: HINT });
  // An explicit port, even http's default 80 (which URL drops from `port`).
  const port = url.port || (/^http:\/\/[^/?#]*:80(?:[/?#]|$)/i.test(raw) ? "80" : "");
  if (url.hostname === "" || port === "") throw new CrudbenchError(`--url ${value}: the URL needs a host and an explicit port`, { hint: HINT });
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username || url.password) {
    throw new CrudbenchError(`--url ${value}: the URL must be only http://host:port (no path, query or credentials)`, { hint: HINT });
  }
  return { name, url: `http://${url.hostname}:${port}` };
}

/** commander's collector for the repeatable `--url` (checked later, so a bad value is an `error:`/`hint:` usage error). */
export function collectUrl(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Where the command takes target names: `run`/`load` from -t/--targets, `check` from its arguments. */
export type TargetNaming = "-t" | "arguments";

/**
 * The run's targets. With no names: every local target, or only the `--url` ones when any is
 * given. With names: exactly those, local or `--url`, in the order named. That order is the
 * results' and reports' order, the order targets start in within a session and the direction
 * of each pairwise comparison; nothing needs the remote targets last (they have no start to
 * time, and each block's order is drawn over all targets alike), so the order named is kept.
 * Every `--url` must then be among the names, so a forgotten one is not silently unmeasured.
 */
export function chooseTargets(targetsDir: string, names: readonly string[] | undefined, urls: readonly string[] | undefined, naming: TargetNaming = "-t"): Target[] {
  const remotes = (urls ?? []).map(parseRemoteSpec);
  const local = discoverTargets(targetsDir);
  const remote = remoteTargets(local.map((target) => target.manifest.name), remotes);
  if (!names || names.length === 0) return remote.length > 0 ? remote : local;
  // Unknown names first: a misspelt --url name is then "unknown target: mien" with "mine (--url)"
  // among those available, not a hint to add mine beside the misspelling.
  const chosen = selectTargets([...local, ...remote], [...names]);
  requireRemotesNamed(names, remotes, naming);
  return chosen;
}

/** With target names given, a `--url` left out of them is a usage error rather than a server quietly not measured. */
function requireRemotesNamed(names: readonly string[], remotes: readonly RemoteSpec[], naming: TargetNaming): void {
  const unnamed = remotes.map((spec) => spec.name).filter((name) => !names.includes(name));
  if (unnamed.length === 0) return;
  const urls = unnamed.map((name) => `--url ${name}=…`).join(", ");
  const them = unnamed.length > 1 ? "them" : "it";
  const everyName = [...names, ...unnamed];
  const problem = naming === "-t" ? `not named in -t (-t ${names.join(",")})` : `not among the targets named (${names.join(" ")})`;
  const add = naming === "-t" ? `add ${them} to -t (-t ${everyName.join(",")})` : `name ${them} among the targets (crudbench check ${everyName.join(" ")})`;
  throw new CrudbenchError(`${urls}: ${problem}`, { hint: `${add}, or drop the ${unnamed.length > 1 ? "--url options" : "--url"}` });
}

/**
 * The target a RemoteSpec stands for: what crudbench cannot know about it is "unknown", it is
 * taken to serve either database (its own, whichever that is), and it has nothing to prepare
 * or start. `remote` is what every stage reads to treat it as a server it did not start.
 */
export function remoteTarget(spec: RemoteSpec): Target {
  return {
    dir: "",
    remote: { url: spec.url },
    manifest: {
      name: spec.name,
      displayName: spec.name,
      language: "unknown",
      framework: { name: "unknown", version: "unknown" },
      dataAccess: { style: "unknown", library: "unknown", version: "unknown" },
      databases: ["sqlite", "postgres"],
      server: { processes: null, model: `remote: ${spec.url}`, notes: "started elsewhere: crudbench neither built, started nor stopped it" },
      start: { command: [] },
    },
  };
}

/**
 * The targets the RemoteSpecs stand for. Names must be unique across local and remote ones
 * (a name in -t must say which it means): a remote name that is any local target's (chosen
 * or not) or another remote's is a usage error.
 */
export function remoteTargets(allLocalNames: readonly string[], remotes: readonly RemoteSpec[]): Target[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { name } of remotes) {
    if (allLocalNames.includes(name)) problems.push(`--url ${name}=…: "${name}" is already a local target's name`);
    else if (seen.has(name)) problems.push(`--url ${name}=…: "${name}" is given twice`);
    seen.add(name);
  }
  if (problems.length > 0) throw new CrudbenchError(problems.join("; "), { hint: "give each remote target a name of its own (see `crudbench list` for the local ones)" });
  return remotes.map(remoteTarget);
}

/** Why each measurement a remote target cannot have is null (results: `remote.not_measured`). */
export const REMOTE_NOT_MEASURED = {
  memory: "remote target: its process runs on another machine, so crudbench cannot read its memory",
  cpu: "remote target: its process runs on another machine, so crudbench cannot read its CPU time",
  cold_start: "remote target: crudbench did not start it, so there is no start to time",
  build_cost: "remote target: crudbench has neither its source nor its build",
  statements: "remote target: its database is not crudbench's, so statements cannot be counted",
  anatomy: "remote target: where a read's time goes needs its Server-Timing header; null where it sends none",
  sessions: "remote target: a session cannot start it afresh; its sessions replicate the client side only (fresh connections, warm-up and blocks), on a server that keeps running and keeps its data",
} as const;

/**
 * The database the harness opens for the local targets: none (null) when every target is
 * remote, since each remote server uses its own, so `--db postgres` then starts no cluster.
 */
export function localDatabase(targets: readonly Target[], requested: DatabaseKind): DatabaseKind | null {
  return targets.some((target) => !target.remote) ? requested : null;
}

/** What to say when `--db` asked for a server that no local target needs; undefined otherwise. */
export function remoteOnlyDatabaseNote(targets: readonly Target[], requested: DatabaseKind): string | undefined {
  return localDatabase(targets, requested) === null && requested === "postgres" ? "every target is remote: --db postgres applies to local targets only, so no PostgreSQL is started" : undefined;
}
