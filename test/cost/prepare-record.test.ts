import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareRecordFile, readPrepareRecord, writePrepareRecord } from "../../src/cost/prepare-record.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crudbench-record-"));
  mkdirSync(join(dir, ".crudbench"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("prepare record", () => {
  it("reads back what was written, leaving no temporary file", () => {
    const record = { seconds: 83.25, finished_at: "2026-11-30T15:00:00.000Z", from_scratch: true };
    writePrepareRecord(dir, record);
    expect(readPrepareRecord(dir)).toEqual({ record });
    expect(readdirSync(join(dir, ".crudbench"))).toEqual(["prepare-record.json"]);
  });

  it("gives a reason when there is no record, or it is not one", () => {
    expect(readPrepareRecord(dir)).toEqual({ reason: "no prepare from scratch recorded here (it is recorded when prepare runs every step with none of their outputs present)" });
    writeFileSync(prepareRecordFile(dir), '{"seconds": "12"}');
    expect(readPrepareRecord(dir)).toEqual({ reason: `${prepareRecordFile(dir)} is not a prepare record (seconds, finished_at, from_scratch)` });
    writeFileSync(prepareRecordFile(dir), "{");
    expect(readPrepareRecord(dir)).toMatchObject({ reason: expect.stringContaining(`could not read ${prepareRecordFile(dir)}`) });
  });
});
