import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../errors.js";
import type { PrepareRecord } from "../results/cost-types.js";

/** Where a target's last from-scratch prepare is recorded, beside prepare's step stamps. */
export function prepareRecordFile(targetDir: string): string {
  return join(targetDir, ".crudbench", "prepare-record.json");
}

/** Writes the record atomically (a temporary file renamed over it), so a reader never sees half of one. The folder must exist. */
export function writePrepareRecord(targetDir: string, record: PrepareRecord): void {
  const file = prepareRecordFile(targetDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The target's last from-scratch prepare, or why there is none to report. */
export function readPrepareRecord(targetDir: string): { record: PrepareRecord } | { reason: string } {
  const file = prepareRecordFile(targetDir);
  let value: Partial<PrepareRecord>;
  try {
    value = JSON.parse(readFileSync(file, "utf8")) as Partial<PrepareRecord>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { reason: "no prepare from scratch recorded here (it is recorded when prepare runs every step with none of their outputs present)" };
    }
    return { reason: `could not read ${file}: ${describeError(error)}` };
  }
  if (typeof value.seconds !== "number" || typeof value.finished_at !== "string" || typeof value.from_scratch !== "boolean") {
    return { reason: `${file} is not a prepare record (seconds, finished_at, from_scratch)` };
  }
  return { record: { seconds: value.seconds, finished_at: value.finished_at, from_scratch: value.from_scratch } };
}
