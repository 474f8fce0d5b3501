// How far apart must two paired batches be? Measures the A/A spread of crudbench's block
// statistic on this machine: one bare echo server (the A/A control of `crudbench run`)
// timed under two names by two native engines, blocks of 12 timed GETs per name, with the
// two names' requests sent in turns of different lengths. Prints, per layout, the SD of
// log(median_A / median_B) over the blocks: the within-session spread a paired comparison
// has to beat. Used for docs/methodology.md ("Turns").
//
//   npm run build && cargo build --release --locked --manifest-path engine/Cargo.toml
//   taskset -c 0 node scripts/pairing-spread.mjs [blocks=200]
//
// The echo server runs on CPU 1 (when there are 2+ CPUs), the engines where this runs.

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { startEchoServer } from "../dist/load/echo-target.js";
import { median } from "../dist/stats/bootstrap.js";
import { NativeTimingClient } from "../dist/timing/native-engine.js";
import { DEFAULT_ENGINE_DIR } from "../dist/timing/prepare-engine.js";

const blocks = Number(process.argv[2] ?? 200);
const TIMED = 12;
/** Per layout: requests per turn (the first of each turn untimed unless the turn is 1 long), and turns per block. */
const LAYOUTS = [
  { name: "whole batches (3 untimed + 12 timed per name)", turn: 15, untimedPerTurn: 3 },
  { name: "turns of 1 untimed + 3 timed", turn: 4, untimedPerTurn: 1 },
  { name: "turns of 1 untimed + 1 timed", turn: 2, untimedPerTurn: 1 },
  { name: "single requests in turn", turn: 1, untimedPerTurn: 0 },
];

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values) => {
  const centre = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
};

const dir = mkdtempSync(join(tmpdir(), "crudbench-pairing-"));
const echo = await startEchoServer({ workDir: dir, logFile: join(dir, "echo.log"), ...(availableParallelism() > 1 ? { cpus: "1" } : {}) });
const binary = join(DEFAULT_ENGINE_DIR, "target", "release", "crudbench-engine");
const names = [NativeTimingClient.open(binary, echo.baseUrl, 5000, join(dir, "a.log")), NativeTimingClient.open(binary, echo.baseUrl, 5000, join(dir, "b.log"))];
const read = { method: "GET", path: "/tasks/1", headers: [] };
try {
  for (const client of names) await client.batch(Array(1000).fill(read));
  const logRatios = LAYOUTS.map(() => []);
  for (let block = 0; block < blocks; block++) {
    // Layouts alternate block by block, so the machine's state over the minutes reaches each alike.
    for (const [index, layout] of LAYOUTS.entries()) {
      const timed = [[], []];
      const timedPerTurn = layout.turn - layout.untimedPerTurn;
      for (let turn = 0; turn < TIMED / timedPerTurn; turn++) {
        const order = (block + turn) % 2 === 0 ? [0, 1] : [1, 0];
        for (const who of order) {
          const outcomes = await names[who].batch(Array(layout.turn).fill(read));
          for (const outcome of outcomes.slice(layout.untimedPerTurn)) {
            if (!outcome.ok) throw new Error(`a request failed: ${outcome.message}`);
            timed[who].push(outcome.response.elapsedMs);
          }
        }
      }
      logRatios[index].push(Math.log(median(timed[0]) / median(timed[1])));
    }
  }
  for (const [index, layout] of LAYOUTS.entries()) console.log(`${layout.name.padEnd(48)} SD of the block log-ratio ${sd(logRatios[index]).toFixed(3)}, mean ${mean(logRatios[index]).toFixed(4)} (${blocks} blocks)`);
} finally {
  await Promise.allSettled(names.map((client) => client.close()));
  await echo.stop();
  rmSync(dir, { recursive: true, force: true });
}
