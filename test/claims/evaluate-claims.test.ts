import { describe, expect, it } from "vitest";
import type { ClaimSpec, Relation } from "../../src/claims/claim-spec.js";
import { combineOutcomes, evaluateClaim, evaluateClaims } from "../../src/claims/evaluate-claims.js";
import type { CrudOperation, MeasuredTarget, MetricName, Results, TargetResult } from "../../src/results/types.js";
import { failedTarget, fixtureLoad, fixtureMemory, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

/**
 * Claims against fixture runs whose numbers are written down: 8 sessions in which every
 * target's session medians follow the same factors, so a paired log-ratio is the same in
 * every session (a zero-width interval) until a test spreads one target's sessions apart.
 * actix-raw is 10× faster than flask-raw on every operation, flask-orm 2× slower than flask-raw.
 */

const CRUD: CrudOperation[] = ["create", "read", "update", "delete"];

function claim(relation: Relation, overrides: Partial<ClaimSpec> = {}): ClaimSpec {
  return { id: "c", text: "t", metrics: ["single"], operations: CRUD, subject: "actix-raw", versus: { kind: "targets", names: ["flask-raw"] }, relations: [relation], ...overrides };
}

function run(targets: TargetResult[] = [fixtureTarget("actix-raw", "Rust", "raw", 0.1), fixtureTarget("flask-raw", "Python", "raw", 1), fixtureTarget("flask-orm", "Python", "orm", 2)]): Results {
  return fixtureResults(targets);
}

/** Multiplies a target's batch medians in session s by factors[s − 1]: its sessions, and so the paired log-ratios, spread apart. */
function spread(results: Results, target: string, factors: number[], metric?: MetricName): Results {
  for (const batch of results.batches) {
    if (batch.target === target && (metric === undefined || batch.metric === metric) && batch.median_ms !== null) batch.median_ms *= factors[batch.session - 1]!;
  }
  return results;
}
const WIDE = [Math.E, 1 / Math.E, Math.E, 1 / Math.E, Math.E, 1 / Math.E, Math.E, 1 / Math.E];

function withMemory(results: Results, name: string, peakSessions: number[]): Results {
  const target = results.targets.find((t) => t.name === name) as MeasuredTarget;
  target.memory = { ...fixtureMemory(peakSessions[0]!, Math.max(...peakSessions), peakSessions.length), peak_rss_mb_sessions: peakSessions };
  return results;
}
const flat = (mb: number) => Array.from({ length: 8 }, () => mb);

describe("faster_by on single requests (paired latency ratios)", () => {
  it("holds when every operation's interval lies inside the range, at 1 − 0.05/4 coverage each", () => {
    const verdict = evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }), run());
    expect(verdict.outcome).toBe("holds");
    expect(verdict.expected).toBe("actix-raw 5×–20× faster than flask-raw on single create, read, update, delete");
    expect(verdict.parts.map((p) => p.metric)).toEqual(["single.create", "single.read", "single.update", "single.delete"]);
    expect(verdict.parts[0]).toEqual({ metric: "single.create", subject: "actix-raw", versus: "flask-raw", value: 10, interval: [10, 10], coverage: 0.9875, unit: "×", outcome: "holds", reason: null });
  });

  it("is refuted when an interval lies wholly outside the range", () => {
    const verdict = evaluateClaim(claim({ kind: "faster_by", low: 20, high: 30 }), run());
    expect(verdict.outcome).toBe("refuted");
    expect(verdict.parts.every((p) => p.outcome === "refuted" && p.reason === null)).toBe(true);
  });

  it("is not settled when an interval straddles a bound, and says which", () => {
    const verdict = evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }, { operations: ["read"] }), spread(run(), "actix-raw", WIDE));
    expect(verdict.outcome).toBe("not-settled");
    // Session log-ratios log 10 ± 1: the 95% t-interval is log 10 ± 2.365 · 1.069 / √8.
    const half = 2.3646 * Math.sqrt(8 / 7) / Math.sqrt(8);
    expect(verdict.parts[0]!.interval![0]).toBeCloseTo(10 * Math.exp(-half), 2);
    expect(verdict.parts[0]!.interval![1]).toBeCloseTo(10 * Math.exp(half), 2);
    expect(verdict.parts[0]!.reason).toBe("the interval is wider than the claimed range 5×–20×");
  });

  it("is not measured when a target is not in the run or never measured", () => {
    const results = run([fixtureTarget("actix-raw", "Rust", "raw", 0.1), failedTarget("flask-raw", "Python", "raw", "failed-start", "port in use")]);
    expect(evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }), results).parts[0]).toMatchObject({ outcome: "not-measured", value: null, reason: "flask-raw was not measured (failed-start: port in use)" });
    const missing = evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }, { versus: { kind: "targets", names: ["gin-raw"] } }), run());
    expect(missing.outcome).toBe("not-measured");
    expect(missing.parts[0]!.reason).toBe("gin-raw is not in this run");
  });

  it("is not settled with one session: no interval", () => {
    const results = fixtureResults([fixtureTarget("actix-raw", "Rust", "raw", 0.1, {}, 1), fixtureTarget("flask-raw", "Python", "raw", 1, {}, 1)], { latency: { ...fixtureResults([]).config.latency!, sessions: 1 } });
    const part = evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }), results).parts[0]!;
    expect(part).toMatchObject({ value: 10, interval: null, coverage: null, outcome: "not-settled", reason: "1 paired session: an interval needs at least 2" });
  });
});

describe("at_least_faster on bulk operations", () => {
  it("holds above k, is refuted for the slower target, not settled across k", () => {
    const faster = claim({ kind: "at_least_faster", factor: 1 }, { metrics: ["bulk"] });
    expect(evaluateClaim(faster, run())).toMatchObject({ outcome: "holds", expected: "actix-raw faster than flask-raw on bulk create, read, update, delete" });
    expect(evaluateClaim({ ...faster, subject: "flask-raw", versus: { kind: "targets", names: ["actix-raw"] } }, run()).outcome).toBe("refuted");
    const across = evaluateClaim(claim({ kind: "at_least_faster", factor: 10 }, { metrics: ["bulk"], operations: ["create"] }), spread(run(), "actix-raw", WIDE, "bulk.create"));
    expect(across.outcome).toBe("not-settled");
    expect(across.parts[0]!.reason).toBe("the interval straddles the claimed lower bound 10×");
  });
});

describe("slowest and most_memory against a language group", () => {
  const orm = (relations: Relation[], metrics: ClaimSpec["metrics"]) => claim(relations[0]!, { subject: "flask-orm", versus: { kind: "languages", languages: ["python", "Rust"] }, metrics, relations, operations: ["read"] });
  const withMemories = () => withMemory(withMemory(withMemory(run(), "actix-raw", flat(8)), "flask-raw", flat(113)), "flask-orm", flat(147));

  it("holds when the subject is slower than, and uses more memory than, every target of the group", () => {
    const verdict = evaluateClaim(orm([{ kind: "slowest" }, { kind: "most_memory" }], ["single", "peak_memory"]), withMemories());
    expect(verdict.outcome).toBe("holds");
    expect(verdict.expected).toBe("flask-orm slower than every python and Rust target (actix-raw, flask-raw) on single read; flask-orm uses more peak memory than every python and Rust target");
    expect(verdict.parts.map((p) => [p.metric, p.versus, p.value])).toEqual([
      ["single.read", "actix-raw", 20],
      ["single.read", "flask-raw", 2],
      ["peak_rss", "actix-raw", 18.375],
      ["peak_rss", "flask-raw", 1.3009],
    ]);
  });

  it("is refuted by one target of the group that is slower still", () => {
    const results = withMemories();
    results.targets.push(fixtureTarget("fastapi-orm", "Python", "orm", 3, { memory: fixtureMemory(180, 181) }));
    const withFastapi = fixtureResults(results.targets);
    const verdict = evaluateClaim(orm([{ kind: "slowest" }], ["single"]), withFastapi);
    expect(verdict.outcome).toBe("refuted");
    expect(verdict.parts.find((p) => p.versus === "fastapi-orm")).toMatchObject({ value: 0.6667, outcome: "refuted" });
  });

  it("is not measured while a target of the group has no figures, or when the group is empty", () => {
    const results = run([...run().targets, failedTarget("go-raw", "Go", "raw", "failed-prepare", "no go"), failedTarget("django-orm", "Python", "orm", "failed-prepare", "no venv")]);
    expect(evaluateClaim(orm([{ kind: "slowest" }], ["single"]), results).outcome).toBe("not-measured");
    const empty = evaluateClaim(claim({ kind: "slowest" }, { versus: { kind: "languages", languages: ["Java"] } }), run());
    expect(empty).toMatchObject({ outcome: "not-measured", expected: "actix-raw slower than every Java target (none in this run) on single create, read, update, delete" });
    expect(empty.parts).toEqual([{ metric: "single", subject: "actix-raw", versus: "Java targets", value: null, interval: null, coverage: null, unit: "×", outcome: "not-measured", reason: "no target of Java in this run besides actix-raw" }]);
  });
});

describe("less_memory_percent and memory_difference_mb (per-session pairs)", () => {
  const memoryRun = (actix: number[], flask: number[]) => withMemory(withMemory(run(), "actix-raw", actix), "flask-raw", flask);
  const less = (low: number, high: number) => claim({ kind: "less_memory_percent", low, high }, { metrics: ["peak_memory"] });

  it("less_memory_percent: holds inside, refuted outside, not settled across; the percentage is 1 − subject ÷ versus", () => {
    const smaller = memoryRun(flat(8), flat(20));
    expect(evaluateClaim(less(50, 70), smaller)).toMatchObject({ outcome: "holds", expected: "actix-raw uses 50%–70% less peak memory than flask-raw" });
    expect(evaluateClaim(less(50, 70), smaller).parts[0]).toMatchObject({ value: 60, interval: [60, 60], unit: "%" });
    expect(evaluateClaim(less(70, 90), smaller).outcome).toBe("refuted");
    const noisy = memoryRun([4, 12, 4, 12, 4, 12, 4, 12], flat(20));
    expect(evaluateClaim(less(50, 70), noisy)).toMatchObject({ outcome: "not-settled", parts: [{ reason: "the interval is wider than the claimed range 50%–70%" }] });
  });

  it("memory_difference_mb: the t-interval of the per-session differences, at 1 − 0.05/k for k opponents (Bonferroni)", () => {
    const orm = (versus: string[], value = 28, tolerance = 7) => claim({ kind: "memory_difference_mb", value, tolerance }, { metrics: ["peak_memory"], subject: "flask-orm", versus: { kind: "targets", names: versus } });
    // Two sessions, differences 27 and 29: mean 28, s = √2, so the half-width is t · 1.
    const twoSessions = (ormMb: number[]) => withMemory(withMemory(withMemory(run(), "flask-orm", ormMb), "flask-raw", [20, 20]), "actix-raw", [0.5, 1.5]);
    const results = twoSessions([47, 49]);
    for (const target of results.targets as MeasuredTarget[]) target.sessions_completed = 2;
    const one = evaluateClaim(orm(["flask-raw"], 28, 50), results);
    expect(one.parts[0]).toMatchObject({ value: 28, coverage: 0.95, unit: "MB", outcome: "holds" });
    expect(one.parts[0]!.interval![0]).toBeCloseTo(28 - 12.7062, 3); // t(0.975, 1)
    const two = evaluateClaim(orm(["flask-raw", "actix-raw"], 28, 50), results);
    expect(two.parts[0]!.coverage).toBe(0.975);
    expect(two.parts[0]!.interval![0]).toBeCloseTo(28 - 25.4517, 3); // t(0.9875, 1): wider, as each of two must cover
    // 28 ± 24 MB: inside the 95% interval alone, not inside the wider one a second part asks for.
    expect(evaluateClaim(orm(["flask-raw"], 28, 24), results).outcome).toBe("holds");
    expect(evaluateClaim(orm(["flask-raw", "actix-raw"], 28, 24), results).parts[0]).toMatchObject({ outcome: "not-settled", reason: "the interval is wider than the claimed range 4 MB–52 MB" });
    expect(evaluateClaim(orm(["flask-raw"], 10, 2), results).outcome).toBe("refuted");
    expect(evaluateClaim(orm(["flask-raw"]), results).parts[0]!.reason).toBe("the interval is wider than the claimed range 21 MB–35 MB");
    expect(evaluateClaim(orm(["flask-raw"]), results).expected).toBe("flask-orm uses 28 ± 7 MB more peak memory than flask-raw");
  });

  it("is not measured without memory, and not settled when a session's memory is missing (sessions cannot be paired)", () => {
    const results = run();
    (results.targets[1] as MeasuredTarget).memory = null;
    expect(evaluateClaim(less(40, 60), results).parts[0]).toMatchObject({ outcome: "not-measured", reason: "no memory measurement for flask-raw" });
    const gap = memoryRun(flat(10), [20, 20, 20, 20, 20, 20, 20]);
    expect(evaluateClaim(less(40, 60), gap).parts[0]).toMatchObject({ outcome: "not-settled", value: null, reason: "flask-raw's peak memory has 7 session value(s) for 8 completed session(s), so its sessions cannot be paired" });
  });
});

describe("cpu and throughput", () => {
  it("cpu: the per-session CPU per request paired like memory, as a factor", () => {
    const verdict = evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }, { metrics: ["cpu"], operations: ["read", "delete"] }), run());
    expect(verdict).toMatchObject({ outcome: "holds", expected: "actix-raw 5×–20× faster than flask-raw on CPU per read, delete request" });
    expect(verdict.parts.map((p) => [p.metric, p.value])).toEqual([["cpu.read", 10], ["cpu.delete", 10]]);
    const results = run();
    (results.targets[0] as MeasuredTarget).single!.read.cpu = null;
    expect(evaluateClaim(claim({ kind: "faster_by", low: 5, high: 20 }, { metrics: ["cpu"], operations: ["read"] }), results).parts[0]).toMatchObject({ outcome: "not-measured", reason: "no CPU per read request for actix-raw" });
  });

  it("throughput: one figure per target gives a value but no interval, so never more than not settled", () => {
    const results = run([fixtureTarget("actix-raw", "Rust", "raw", 0.1, { load: fixtureLoad(4000) }), fixtureTarget("flask-raw", "Python", "raw", 1, { load: fixtureLoad(1000) })]);
    const verdict = evaluateClaim(claim({ kind: "faster_by", low: 1, high: 100 }, { metrics: ["throughput"] }), results);
    expect(verdict.parts).toEqual([{ metric: "throughput", subject: "actix-raw", versus: "flask-raw", value: 4, interval: null, coverage: null, unit: "×", outcome: "not-settled", reason: "one measurement, no interval" }]);
    expect(evaluateClaim(claim({ kind: "slowest" }, { metrics: ["throughput"] }), results).parts[0]!.value).toBe(0.25);
    expect(evaluateClaim(claim({ kind: "faster_by", low: 1, high: 100 }, { metrics: ["throughput"] }), run()).parts[0]).toMatchObject({ outcome: "not-measured", reason: "no load test ran for actix-raw" });
  });
});

describe("a claim's verdict from its parts", () => {
  it("refuted beats not measured beats not settled; holds only when every part holds", () => {
    expect(combineOutcomes(["holds", "not-measured", "refuted"])).toBe("refuted");
    expect(combineOutcomes(["holds", "not-settled", "not-measured"])).toBe("not-measured");
    expect(combineOutcomes(["holds", "not-settled"])).toBe("not-settled");
    expect(combineOutcomes(["holds", "holds"])).toBe("holds");
  });

  it("counts the claims by outcome and keeps the file and its source", () => {
    const evaluation = evaluateClaims(
      {
        file: "claims.yaml",
        source: "a blog",
        claims: [claim({ kind: "faster_by", low: 5, high: 20 }), { ...claim({ kind: "faster_by", low: 20, high: 30 }), id: "d" }, { ...claim({ kind: "slowest" }, { versus: { kind: "targets", names: ["gin-raw"] } }), id: "e" }],
      },
      run(),
    );
    expect(evaluation).toMatchObject({ file: "claims.yaml", source: "a blog", counts: { holds: 1, refuted: 1, "not-settled": 0, "not-measured": 1 } });
    expect(evaluation.verdicts.map((v) => v.outcome)).toEqual(["holds", "refuted", "not-measured"]);
  });
});
