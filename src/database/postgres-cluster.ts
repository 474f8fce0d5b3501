import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CrudbenchError, describeError } from "../errors.js";
import { findOnPath } from "../lifecycle/command.js";
import { findFreePort } from "../lifecycle/free-port.js";
import { trackServer, untrackServer } from "../lifecycle/process-registry.js";

/**
 * The server settings every target is measured against, chosen once (spec/README.md).
 * synchronous_commit=off matches SQLite's synchronous=NORMAL: commits are not flushed one
 * by one, so the benchmark measures the framework rather than the disk.
 */
export const POSTGRES_SETTINGS: Readonly<Record<string, string>> = {
  fsync: "on",
  synchronous_commit: "off",
  shared_buffers: "128MB",
  max_connections: "100",
  shared_preload_libraries: "pg_stat_statements",
  "pg_stat_statements.track": "top",
  "pg_stat_statements.track_utility": "on",
};

export interface ManagedCluster {
  url: string;
  port: number;
  dataDir: string;
  binDir: string;
  postmasterPid: number;
  stop(): Promise<void>;
}

const INSTALL_HINT = "install the server: apt-get install postgresql (Debian), or pass DATABASE_URL=postgresql://user:password@host:port/db of a server you own";

/** Where initdb and pg_ctl live: Debian keeps them out of PATH, under /usr/lib/postgresql/<major>/bin. */
export function findPostgresBinDir(debianRoot = "/usr/lib/postgresql", pathVariable = process.env.PATH ?? ""): string | undefined {
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((entry) => /^\d+$/.test(entry) && existsSync(join(debianRoot, entry, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(debianRoot, majors[0], "bin");
  }
  const initdb = findOnPath("initdb", pathVariable);
  return initdb ? dirname(initdb) : undefined;
}

/**
 * The temporary folder, unless (as root) the postgres user cannot reach it — a private
 * TMPDIR — in which case /tmp, which every user can.
 */
function clusterParent(): string {
  const preferred = tmpdir();
  if (userInfo().uid !== 0) return preferred;
  for (let dir = preferred; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return "/tmp";
    if (dirname(dir) === dir) return preferred;
  }
}

/** initdb and pg_ctl refuse to run as root: as root, run them as the `postgres` user. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
  if (userInfo().uid !== 0) return [binary, args];
  const runuser = findOnPath("runuser");
  if (!runuser) throw new CrudbenchError("running as root, and runuser is missing to start PostgreSQL as the postgres user", { hint: "install util-linux, or run crudbench as an ordinary user" });
  return [runuser, ["-u", "postgres", "--", binary, ...args]];
}

function run(binary: string, args: string[], timeoutMs = 120_000): string {
  const [program, argv] = asServerUser(binary, args);
  return execFileSync(program, argv, { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * A throwaway cluster: initdb into a temporary folder, a free port on 127.0.0.1 (and a
 * private socket folder), the settings above; removed again by stop().
 */
export async function startManagedCluster(): Promise<ManagedCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new CrudbenchError("PostgreSQL server binaries (initdb, pg_ctl) not found", { hint: INSTALL_HINT });
  const root = mkdtempSync(join(clusterParent(), "crudbench-pg-"));
  const dataDir = join(root, "data");
  const removeAll = () => rmSync(root, { recursive: true, force: true });
  if (userInfo().uid === 0) {
    try {
      const postgresUser = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
      const postgresGroup = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
      chownSync(root, Number(postgresUser), Number(postgresGroup));
    } catch (error) {
      removeAll();
      throw new CrudbenchError(`cannot prepare a folder for the postgres user: ${describeError(error)}`, { hint: "the Debian postgresql package creates the postgres user; is it installed?" });
    }
  }
  try {
    run(join(binDir, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  } catch (error) {
    removeAll();
    throw new CrudbenchError(`initdb failed: ${describeError(error)}`, { hint: INSTALL_HINT });
  }
  const port = await findFreePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    "-c listen_addresses=127.0.0.1",
    ...Object.entries(POSTGRES_SETTINGS).map(([key, value]) => `-c ${key}=${value}`),
  ].join(" ");
  try {
    run(join(binDir, "pg_ctl"), ["-D", dataDir, "-l", join(root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  } catch (error) {
    const log = existsSync(join(root, "server.log")) ? readFileSync(join(root, "server.log"), "utf8").split("\n").slice(-8).join("\n  ") : "";
    removeAll();
    throw new CrudbenchError(`PostgreSQL did not start: ${describeError(error)}${log ? `\n  ${log}` : ""}`, { hint: INSTALL_HINT });
  }
  const postmasterPid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  // If the harness dies, SIGQUIT is PostgreSQL's immediate shutdown: no server is left behind.
  trackServer(postmasterPid, "SIGQUIT");
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    binDir,
    postmasterPid,
    async stop() {
      if (stopped) return;
      stopped = true;
      untrackServer(postmasterPid);
      try {
        run(join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"]);
      } catch {
        try {
          process.kill(postmasterPid, "SIGKILL");
        } catch {
          // already gone
        }
        await sleep(200);
      }
      removeAll();
    },
  };
}
