import { headerValue, JSON_HEADERS } from "../../http/client.js";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createTask, expectEqual, expectNotFound, fail, jsonRequest, listAll, readTask, send,
  type ConformanceCase,
} from "../case.js";
import type { Task } from "../../contract/task.js";

const TIMESTAMP_SKEW_MS = 5 * 60_000;

export const happyPathCases: ConformanceCase[] = [
  {
    id: "health-ok",
    description: "GET /health answers 200 {\"status\":\"ok\"}",
    run: async (context) => {
      await send(context, { method: "GET", path: "/health" }, { status: 200, schema: "Health" });
    },
  },
  {
    id: "create-returns-task",
    description: "POST /tasks answers 201 with the stored task and Location /tasks/{id}",
    run: async (context) => {
      const { response, json } = await send(
        context,
        jsonRequest("POST", "/tasks", { title: "Write report", description: "with numbers", completed: true }),
        { status: 201, schema: "Task" },
      );
      const task = json as Task;
      expectEqual([task.title, task.description, task.completed], ["Write report", "with numbers", true], "echoed fields");
      expectEqual(headerValue(response.headers, "location"), `/tasks/${task.id}`, "Location header");
    },
  },
  {
    id: "create-applies-defaults",
    description: "description defaults to \"\" and completed to false",
    run: async (context) => {
      const task = await createTask(context, { title: "defaults" });
      expectEqual([task.description, task.completed], ["", false], "defaults");
    },
  },
  {
    id: "create-sets-timestamps",
    description: "created_at = updated_at, RFC 3339 UTC with ms, close to the harness clock",
    run: async (context) => {
      const task = await createTask(context, { title: "timestamps" });
      expectEqual(task.updated_at, task.created_at, "updated_at on create");
      const skew = Math.abs(Date.parse(task.created_at) - Date.now());
      if (!(skew < TIMESTAMP_SKEW_MS)) fail(`created_at ${task.created_at} is ${Math.round(skew / 1000)} s from the harness clock (UTC expected)`);
    },
  },
  {
    id: "create-ignores-client-ids-and-times",
    description: "id, created_at, updated_at and unknown fields in a body are ignored",
    run: async (context) => {
      const task = await createTask(context, { title: "sneaky", id: 987654321, created_at: "2000-01-01T00:00:00.000Z", updated_at: "2000-01-01T00:00:00.000Z", owner: "x" });
      if (task.id === 987654321) fail("the client chose the id");
      if (task.created_at.startsWith("2000-")) fail("the client chose created_at");
      if ("owner" in task) fail("an unknown field was echoed");
    },
  },
  {
    id: "unknown-fields-named-like-prototypes",
    description: "__proto__ and constructor.prototype keys in a POST or PUT body are unknown fields: ignored, not a 400",
    run: async (context) => {
      // A string, not JSON.stringify: an object literal's __proto__ sets its prototype, not a key.
      const body = (title: string) => `{"title":"${title}","__proto__":{"title":5,"completed":"x"},"constructor":{"prototype":{"polluted":true}}}`;
      const { json } = await send(context, { method: "POST", path: "/tasks", body: body("proto"), headers: { ...JSON_HEADERS } }, { status: 201, schema: "Task" });
      const task = json as Task;
      expectEqual([task.title, task.completed], ["proto", false], "task created with prototype-named keys");
      const { json: replaced } = await send(context, { method: "PUT", path: `/tasks/${task.id}`, body: body("proto 2"), headers: { ...JSON_HEADERS } }, { status: 200, schema: "Task" });
      expectEqual((replaced as Task).title, "proto 2", "title after PUT with prototype-named keys");
    },
  },
  {
    id: "create-ids-ascend",
    description: "each new task gets a larger id",
    run: async (context) => {
      const first = await createTask(context, { title: "first" });
      const second = await createTask(context, { title: "second" });
      if (!(second.id > first.id)) fail(`ids ${first.id} then ${second.id} do not ascend`);
    },
  },
  {
    id: "read-returns-created",
    description: "GET /tasks/{id} returns exactly what POST returned",
    run: async (context) => {
      const created = await createTask(context, { title: "read me", description: "d", completed: true });
      expectEqual(await readTask(context, created.id), created, "read after create");
    },
  },
  {
    id: "list-ordered-by-id",
    description: "GET /tasks returns every task in ascending id order",
    run: async (context) => {
      const created = [await createTask(context, { title: "l1" }), await createTask(context, { title: "l2" })];
      const all = await listAll(context);
      const ids = all.map((task) => task.id);
      if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) fail(`ids not ascending: ${ids.slice(0, 20).join(",")}…`);
      for (const task of created) if (!ids.includes(task.id)) fail(`task ${task.id} missing from the list`);
    },
  },
  {
    id: "list-limit-offset",
    description: "limit and offset select exactly the matching slice",
    run: async (context) => {
      for (let i = 0; i < 3; i++) await createTask(context, { title: `page ${i}` });
      const all = await listAll(context);
      const offset = all.length - 3;
      const { json } = await send(context, { method: "GET", path: `/tasks?limit=2&offset=${offset}` }, { status: 200, schema: "TaskList" });
      expectEqual(json, all.slice(offset, offset + 2), `limit=2&offset=${offset}`);
      const { json: beyond } = await send(context, { method: "GET", path: `/tasks?offset=${all.length + 10}` }, { status: 200, schema: "TaskList" });
      expectEqual(beyond, [], "offset past the end");
    },
  },
  {
    id: "list-default-limit-100",
    description: "without limit, at most 100 tasks are returned",
    run: async (context) => {
      const existing = (await listAll(context)).length;
      for (let i = existing; i < 101; i++) await createTask(context, { title: `bulk ${i}` });
      const { json } = await send(context, { method: "GET", path: "/tasks" }, { status: 200, schema: "TaskList" });
      expectEqual((json as Task[]).length, 100, "default page size");
    },
  },
  {
    id: "update-replaces-fields",
    description: "PUT replaces title, description, completed; keeps id and created_at; moves updated_at",
    run: async (context) => {
      const created = await createTask(context, { title: "before", description: "old" });
      await sleep(15);
      const { json } = await send(context, jsonRequest("PUT", `/tasks/${created.id}`, { title: "after", description: "new", completed: true }), { status: 200, schema: "Task" });
      const updated = json as Task;
      expectEqual([updated.id, updated.title, updated.description, updated.completed, updated.created_at], [created.id, "after", "new", true, created.created_at], "after PUT");
      if (!(Date.parse(updated.updated_at) > Date.parse(created.updated_at))) fail(`updated_at did not move: ${created.updated_at} → ${updated.updated_at}`);
      expectEqual(await readTask(context, created.id), updated, "read after PUT");
    },
  },
  {
    id: "update-is-full-replace",
    description: "PUT without optional fields resets them to their defaults (no merge)",
    run: async (context) => {
      const created = await createTask(context, { title: "full", description: "keep?", completed: true });
      const { json } = await send(context, jsonRequest("PUT", `/tasks/${created.id}`, { title: "full" }), { status: 200, schema: "Task" });
      expectEqual([(json as Task).description, (json as Task).completed], ["", false], "fields after PUT with title only");
    },
  },
  {
    id: "update-leaves-others-unchanged",
    description: "updating one task does not touch another",
    run: async (context) => {
      const one = await createTask(context, { title: "one" });
      const other = await createTask(context, { title: "other", description: "stays" });
      await send(context, jsonRequest("PUT", `/tasks/${one.id}`, { title: "changed" }), { status: 200, schema: "Task" });
      expectEqual(await readTask(context, other.id), other, "the other task");
    },
  },
  {
    id: "delete-answers-204-empty",
    description: "DELETE /tasks/{id} answers 204 with no body",
    run: async (context) => {
      const task = await createTask(context, { title: "doomed" });
      await send(context, { method: "DELETE", path: `/tasks/${task.id}` }, { status: 204, empty: true });
    },
  },
  {
    id: "delete-really-deletes",
    description: "after DELETE, GET gives 404 and the task is gone from the list",
    run: async (context) => {
      const task = await createTask(context, { title: "gone" });
      await send(context, { method: "DELETE", path: `/tasks/${task.id}` }, { status: 204, empty: true });
      await expectNotFound(context, `/tasks/${task.id}`);
      if ((await listAll(context)).some((listed) => listed.id === task.id)) fail("deleted task still listed");
    },
  },
  {
    id: "delete-twice-404",
    description: "deleting an already deleted task gives 404",
    run: async (context) => {
      const task = await createTask(context, { title: "twice" });
      await send(context, { method: "DELETE", path: `/tasks/${task.id}` }, { status: 204, empty: true });
      await send(context, { method: "DELETE", path: `/tasks/${task.id}` }, { status: 404, schema: "Error" });
    },
  },
  {
    id: "delete-leaves-others",
    description: "deleting one task leaves the others readable and unchanged",
    run: async (context) => {
      const doomed = await createTask(context, { title: "doomed" });
      const kept = await createTask(context, { title: "kept" });
      await send(context, { method: "DELETE", path: `/tasks/${doomed.id}` }, { status: 204, empty: true });
      expectEqual(await readTask(context, kept.id), kept, "the other task");
    },
  },
];
