import type { StatementCounter, ProvisionedDatabase } from "../database/provider.js";
import { JSON_HEADERS, type RequestSpec, type TargetClient } from "../http/client.js";
import type { StatementsPerRequest } from "../results/types.js";
import { checkResponse, type ResponseExpectation } from "../contract/response-check.js";
import { serialisedBodies, taskInput, updatedTaskInput } from "./payloads.js";

export const REQUESTS_PER_TYPE = 20;

/**
 * How many SQL statements the database ran per request, for each request type: reset, send
 * the requests, count (pg_stat_statements on PostgreSQL, the driver's statement log on
 * SQLite). Makes visible what an ORM adds (transactions, a read before an update). Untimed.
 */
export async function countStatements(client: TargetClient, counter: StatementCounter, database: ProvisionedDatabase): Promise<StatementsPerRequest | undefined> {
  const created: number[] = [];
  const measure = async (build: (index: number) => RequestSpec, expectation: ResponseExpectation, onJson?: (json: unknown) => void): Promise<number> => {
    await counter.reset(database);
    for (let index = 0; index < REQUESTS_PER_TYPE; index++) {
      const spec = build(index);
      const checked = checkResponse(await client.send(spec), expectation);
      if (!checked.ok) throw new Error(`${spec.method} ${spec.path}: ${checked.reason}`);
      onJson?.(checked.json);
    }
    return Math.round(((await counter.count(database)) / REQUESTS_PER_TYPE) * 100) / 100;
  };
  const creates = serialisedBodies(REQUESTS_PER_TYPE, taskInput);
  const updates = serialisedBodies(REQUESTS_PER_TYPE, updatedTaskInput);
  const create = await measure((i) => ({ method: "POST", path: "/tasks", body: creates[i]!, headers: JSON_HEADERS }), { status: 201, schema: "Task" }, (json) => created.push((json as { id: number }).id));
  const read = await measure((i) => ({ method: "GET", path: `/tasks/${created[i]!}` }), { status: 200, schema: "Task" });
  const list = await measure(() => ({ method: "GET", path: `/tasks?limit=${REQUESTS_PER_TYPE}` }), { status: 200, schema: "TaskList" });
  const update = await measure((i) => ({ method: "PUT", path: `/tasks/${created[i]!}`, body: updates[i]!, headers: JSON_HEADERS }), { status: 200, schema: "Task" });
  const remove = await measure((i) => ({ method: "DELETE", path: `/tasks/${created[i]!}` }), { status: 204, empty: true });
  // A target that does not implement the statement log reports nothing, not zero statements.
  if (create + read + list + update + remove === 0) return undefined;
  return { create, read, update, delete: remove, list };
}
