import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A stand-in for crudbench-engine that misbehaves on purpose, so the harness-failure paths
 * of NativeTimingClient are tested without cargo. The mode picks the misbehaviour:
 * `ok` answers every request with a 200, `garbage` answers with text, `wrong-batch` names
 * another batch, `die` exits at the first batch, `reject` refuses the line as the engine does.
 */
const SCRIPT = `
let buffered = "";
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf("\\n")) >= 0) {
    const batch = JSON.parse(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
    if (mode === "die") { process.stderr.write("fake engine: dying on purpose\\n"); process.exit(3); }
    if (mode === "garbage") process.stdout.write("this is not json\\n");
    else if (mode === "reject") process.stdout.write(JSON.stringify({ batch: null, error: "bad request line: nope" }) + "\\n");
    else {
      const results = batch.requests.map((r, i) => ({ ok: true, status: 200, headers: [["content-type", "text/plain"]], body: r.method + " " + r.path, elapsed_ns: 1000 + i, reused: i > 0 }));
      process.stdout.write(JSON.stringify({ batch: mode === "wrong-batch" ? batch.batch + 1 : batch.batch, connections_opened: 1, results }) + "\\n");
    }
  }
});
process.stdin.on("end", () => process.exit(0));
`;

export type FakeEngineMode = "ok" | "garbage" | "wrong-batch" | "die" | "reject";

/** Writes a fake engine that behaves as `mode` says, as an executable file in `dir`. */
export function writeFakeEngine(dir: string, mode: FakeEngineMode): string {
  const path = join(dir, `fake-crudbench-engine-${mode}`);
  writeFileSync(path, `#!${process.execPath}\nconst mode = ${JSON.stringify(mode)};\n${SCRIPT}`);
  chmodSync(path, 0o755);
  return path;
}
