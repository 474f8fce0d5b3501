// What does a target's Server-Timing header cost? Times GET /tasks/{id} against two builds of
// one target, with the header and without it (e.g. the same target folder checked out before
// the header was added), the way `crudbench run` times a read: sessions of fresh processes on
// fresh SQLite databases, blocks of turns (2 untimed + 3 timed requests each, 9 timed per
// build per block), the paired ratio with its 95% t-interval over sessions. Both builds must
// be prepared already (built, virtualenv installed). Used for docs/methodology.md.
//
//   npm run build
//   taskset -c 0 node scripts/server-timing-cost.mjs <folder with header> <folder without> [sessions=6] [blocks=100]

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { createSqliteDatabase } from "../dist/database/sqlite.js";
import { startTarget } from "../dist/lifecycle/target-process.js";
import { pairedRatio } from "../dist/stats/paired.js";
import { median } from "../dist/stats/bootstrap.js";
import { NativeTimingClient } from "../dist/timing/native-engine.js";
import { DEFAULT_ENGINE_DIR } from "../dist/timing/prepare-engine.js";

const [withDir, withoutDir, sessionsArg = "6", blocksArg = "100"] = process.argv.slice(2);
if (!withDir || !withoutDir) {
  console.error("usage: node scripts/server-timing-cost.mjs <folder with header> <folder without> [sessions] [blocks]");
  process.exit(2);
}
const sessions = Number(sessionsArg);
const blocks = Number(blocksArg);
const TURNS = 3;
const UNTIMED = 2;
const TIMED = 3;
const binary = join(DEFAULT_ENGINE_DIR, "target", "release", "crudbench-engine");
const work = mkdtempSync(join(tmpdir(), "crudbench-st-cost-"));


async function start(dir, label, session) {
  const target = { dir: resolve(dir), manifest: JSON.parse(readFileSync(join(dir, "target.json"), "utf8")) };
  const database = createSqliteDatabase(join(work, `${label}-${session}.db`));
  const started = await startTarget(target, { databaseUrl: database.url, databasePath: database.path, poolSize: 4, logFile: join(work, `${label}.log`), ...(availableParallelism() > 1 ? { cpus: "1" } : {}) });
  if (!started.ok) throw new Error(`${label} did not start: ${started.reason}`);
  const client = NativeTimingClient.open(binary, started.target.baseUrl, 5000, join(work, `engine-${label}.log`));
  const [created] = await client.batch([{ method: "POST", path: "/tasks", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "cost" }) }]);
  if (!created.ok || created.response.status !== 201) throw new Error(`${label}: could not create a task`);
  const read = { method: "GET", path: `/tasks/${JSON.parse(created.response.body).id}` };
  await client.batch(Array(1000).fill(read));
  return { label, client, read, stop: async () => (await client.close(), await started.target.stop(), await database.dispose()) };
}

async function timedReads(unit) {
  const outcomes = await unit.client.batch(Array(UNTIMED + TIMED).fill(unit.read));
  return outcomes.slice(UNTIMED).map((outcome) => {
    if (!outcome.ok || outcome.response.status !== 200) throw new Error(`${unit.label}: a read failed`);
    return outcome.response.elapsedMs;
  });
}

const paired = [];
const medians = { with: [], without: [] };
try {
  for (let session = 1; session <= sessions; session++) {
    const units = [await start(withDir, "with", session), await start(withoutDir, "without", session)];
    try {
      for (let block = 1; block <= blocks; block++) {
        const times = { with: [], without: [] };
        for (let turn = 0; turn < TURNS; turn++) {
          const order = (block + turn) % 2 === 0 ? units : [...units].reverse();
          for (const unit of order) times[unit.label].push(...(await timedReads(unit)));
        }
        paired.push({ session, block, candidateMs: median(times.with), baselineMs: median(times.without) });
        medians.with.push(median(times.with));
        medians.without.push(median(times.without));
      }
    } finally {
      for (const unit of units) await unit.stop();
    }
  }
  const ratio = pairedRatio(paired, 0.02);
  const ms = (values) => median(values).toFixed(4);
  console.log(`${basename(resolve(withDir))} with Server-Timing vs without: ${ratio.ratio}× [${ratio.ratio_ci95?.join("×, ")}×], p = ${ratio.p_value}, ${sessions} sessions × ${blocks} blocks; read median ${ms(medians.with)} ms with, ${ms(medians.without)} ms without`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
