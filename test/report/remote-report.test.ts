import { describe, expect, it } from "vitest";
import { conformanceSuite } from "../../src/conformance/suite.js";
import { resultsProblems } from "../../src/results/read-results.js";
import type { ConformanceResults, RemoteTarget } from "../../src/results/types.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { outcomeTable } from "../../src/report/report-model.js";
import { REMOTE_NOT_MEASURED } from "../../src/targets/remote.js";
import { fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const remote: RemoteTarget = {
  url: "http://10.0.0.5:8080",
  not_measured: { memory: REMOTE_NOT_MEASURED.memory, cpu: REMOTE_NOT_MEASURED.cpu, cold_start: REMOTE_NOT_MEASURED.cold_start, build_cost: REMOTE_NOT_MEASURED.build_cost, statements: REMOTE_NOT_MEASURED.statements, anatomy: REMOTE_NOT_MEASURED.anatomy },
  sessions: REMOTE_NOT_MEASURED.sessions,
};
const conformance: ConformanceResults = {
  passed: conformanceSuite.length - 1,
  failed: 0,
  skipped: 1,
  cases: conformanceSuite.map((c) => (c.notRemote ? { id: c.id, description: c.description, outcome: "skipped" as const, reason: c.notRemote } : { id: c.id, description: c.description, outcome: "passed" as const })),
};
const local = fixtureTarget("fastify-raw", "TypeScript", "raw", 0.2);
const base = fixtureTarget("far", "unknown", "raw", 0.5);
const far = {
  ...base,
  data_access: { style: "unknown" as const, library: "unknown", version: "unknown" },
  framework: { name: "unknown", version: "unknown" },
  server: { processes: null, threads_per_process: null, model: `remote: ${remote.url}`, notes: null },
  remote,
  conformance,
  memory: null,
  cold_start: null,
};
const results = fixtureResults([local, far]);

describe("a remote target in the report", () => {
  it("is a valid results file", () => {
    expect(resultsProblems(results)).toEqual([]);
  });

  it("shows it as remote, with its skipped conformance case counted apart", () => {
    const row = outcomeTable(results).rows.find((r) => r[0] === "far")!;
    expect(row[4]).toBe(`remote: ${remote.url}`);
    expect(row[5]).toBe(`${conformanceSuite.length - 1}/${conformanceSuite.length} (1 skipped)`);
  });

  it("says why its memory is missing, names the skipped case, and states the remote method", () => {
    const markdown = renderMarkdown(results);
    expect(markdown).toContain(`Not measured for far (${REMOTE_NOT_MEASURED.memory}).`);
    expect(markdown).toContain("far: " + `${conformanceSuite.length - 1} of ${conformanceSuite.length} cases passed; 1 skipped: reads-the-database`);
    expect(markdown).toContain(`Remote target far (${remote.url}): started elsewhere`);
    expect(markdown).toContain("Sessions of a remote target replicate the client side only");
  });

  it("says nothing of remote targets when there are none", () => {
    expect(renderMarkdown(fixtureResults([local]))).not.toContain("remote");
  });
});
