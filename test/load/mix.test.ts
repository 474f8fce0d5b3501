import { describe, expect, it } from "vitest";
import { MixPlanner, type PlannedRequest } from "../../src/load/mix.js";
import { seededRandom } from "../../src/stats/random.js";

describe("MixPlanner", () => {
  it("follows the CRUD mix's shares", () => {
    const planner = new MixPlanner("crud", [1, 2, 3], seededRandom(9));
    const counts = { read: 0, create: 0, update: 0, delete: 0 };
    for (let i = 0; i < 10_000; i++) {
      const planned = planner.next();
      counts[planned.kind]++;
      if (planned.kind === "create") planner.created(1000 + i);
    }
    expect(counts.read / 100).toBeCloseTo(70, -0.5);
    expect(counts.update / 100).toBeCloseTo(15, -0.5);
    expect(counts.delete / 100).toBeCloseTo(5, -0.5);
  });

  it("deletes only tasks the load created, each once, and never a seeded one", () => {
    const planner = new MixPlanner("write", [1, 2, 3], seededRandom(3));
    const deleted = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const planned = planner.next();
      if (planned.kind === "create") planner.created(100 + i);
      if (planned.kind === "delete") {
        expect(deleted.has(planned.spec.path)).toBe(false);
        deleted.add(planned.spec.path);
        expect(Number(planned.spec.path.split("/")[2])).toBeGreaterThanOrEqual(100);
      }
      if (planned.kind === "read" || planned.kind === "update") expect([1, 2, 3]).toContain(Number(planned.spec.path.split("/")[2]));
    }
    expect(deleted.size).toBeGreaterThan(100);
  });

  it("fills the templates wrk's script is generated from: the same requests from both generators", () => {
    const planner = new MixPlanner("write", [42], seededRandom(5));
    const seen = new Map<string, PlannedRequest>();
    for (let i = 0; i < 200 && seen.size < 3; i++) {
      const planned = planner.next();
      if (planned.kind === "create") planner.created(7);
      seen.set(planned.kind, planned);
    }
    const create = seen.get("create")!;
    expect(create.spec).toMatchObject({ method: "POST", path: "/tasks", headers: { "content-type": "application/json" } });
    expect(JSON.parse(String(create.spec.body))).toEqual({ title: expect.stringMatching(/^load \d+$/), description: "created under load" });
    const update = seen.get("update")!;
    expect(update.spec).toMatchObject({ method: "PUT", path: "/tasks/42" });
    const body = JSON.parse(String(update.spec.body)) as { title: string; completed: boolean };
    expect(body.completed).toBe(Number(body.title.split(" ")[2]) % 2 === 0);
    expect(seen.get("delete")!.spec).toEqual({ method: "DELETE", path: "/tasks/7" });
    expect([...seen.values()].map((planned) => planned.expectation.status).sort()).toEqual([200, 201, 204]);
  });
});
