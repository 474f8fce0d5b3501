import { JSON_HEADERS, type RequestSpec } from "../http/client.js";
import type { ResponseExpectation } from "../contract/response-check.js";
import type { Random } from "../stats/random.js";

export type MixName = "read" | "write" | "crud";

/** Shares of each request kind, in percent. */
export const MIXES: Record<MixName, { read: number; create: number; update: number; delete: number }> = {
  read: { read: 100, create: 0, update: 0, delete: 0 },
  write: { read: 0, create: 40, update: 40, delete: 20 },
  crud: { read: 70, create: 10, update: 15, delete: 5 },
};

export type RequestKind = "read" | "create" | "update" | "delete";

export interface PlannedRequest {
  kind: RequestKind;
  spec: RequestSpec;
  expectation: ResponseExpectation;
}

/**
 * Chooses the next request of a mix. Reads and updates go to the seeded tasks, which are
 * never deleted; deletes only take tasks the load itself created, so concurrent requests
 * never race a delete into a 404. A delete with nothing to delete becomes a create.
 */
export class MixPlanner {
  private readonly createdIds: number[] = [];
  private sequence = 0;

  constructor(
    private readonly mix: MixName,
    private readonly seededIds: readonly number[],
    private readonly random: Random,
  ) {
    if (seededIds.length === 0) throw new RangeError("a load needs seeded tasks");
  }

  next(): PlannedRequest {
    const shares = MIXES[this.mix];
    const roll = this.random() * 100;
    let kind: RequestKind = roll < shares.read ? "read" : roll < shares.read + shares.create ? "create" : roll < shares.read + shares.create + shares.update ? "update" : "delete";
    if (kind === "delete" && this.createdIds.length === 0) kind = "create";
    const seeded = () => this.seededIds[Math.floor(this.random() * this.seededIds.length)]!;
    const n = this.sequence++;
    switch (kind) {
      case "read":
        return { kind, spec: { method: "GET", path: `/tasks/${seeded()}` }, expectation: { status: 200, schema: "Task" } };
      case "create":
        return { kind, spec: { method: "POST", path: "/tasks", body: JSON.stringify({ title: `load ${n}`, description: "created under load" }), headers: JSON_HEADERS }, expectation: { status: 201, schema: "Task" } };
      case "update":
        return { kind, spec: { method: "PUT", path: `/tasks/${seeded()}`, body: JSON.stringify({ title: `load update ${n}`, completed: n % 2 === 0 }), headers: JSON_HEADERS }, expectation: { status: 200, schema: "Task" } };
      case "delete": {
        const index = Math.floor(this.random() * this.createdIds.length);
        const id = this.createdIds[index]!;
        this.createdIds.splice(index, 1);
        return { kind, spec: { method: "DELETE", path: `/tasks/${id}` }, expectation: { status: 204, empty: true } };
      }
    }
  }

  /** A create's answer: its task may be deleted from now on. */
  created(id: number): void {
    this.createdIds.push(id);
  }
}
