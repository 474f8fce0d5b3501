import { discoverTargets } from "../targets/discovery.js";
import { describeServer } from "../report/report-model.js";
import { markdownTable } from "../report/table.js";

/** `crudbench list`: the targets found, as a table on stdout. */
export function listCommand(targetsDir: string): number {
  const targets = discoverTargets(targetsDir);
  const table = markdownTable({
    headers: ["Target", "Language", "Framework", "Data access", "Databases", "Server"],
    align: ["left", "left", "left", "left", "left", "left"],
    rows: targets.map(({ manifest: m }) => [
      m.name,
      m.language,
      `${m.framework.name} ${m.framework.version}`,
      `${m.dataAccess.style} (${m.dataAccess.library})`,
      m.databases.join(", "),
      describeServer(m.server.processes, m.server.model, m.server.threadsPerProcess),
    ]),
  });
  process.stdout.write(`${table}\n`);
  return 0;
}
