import { createTask, expectEqual, fail, readTask, send, jsonRequest, type ConformanceCase } from "../case.js";
import type { Task } from "../../contract/task.js";

const AWKWARD_STRINGS = [
  "Robert'); DROP TABLE tasks; --",
  "\" OR 1=1 --",
  "quotes ' \" ` and backslash \\",
  "emoji 😀🎉 and a flag 🇳🇿",
  "RTL: שלום עולם مرحبا",
  "combining: e\u0301 a\u0308 n\u0303",
  "tab\tnew\nline",
  "%s %d {0} ${x} <script>",
];

export const integrityCases: ConformanceCase[] = [
  {
    id: "strings-round-trip",
    description: "SQL-injection strings, quotes, emoji, RTL and combining marks are stored and returned byte-for-byte",
    run: async (context) => {
      for (const text of AWKWARD_STRINGS) {
        const created = await createTask(context, { title: text, description: text });
        expectEqual([created.title, created.description], [text, text], "create response");
        const read = await readTask(context, created.id);
        expectEqual([read.title, read.description], [text, text], "read back");
      }
      await send(context, { method: "GET", path: "/tasks?limit=1" }, { status: 200, schema: "TaskList" }, "the table after injection strings");
    },
  },
  {
    id: "update-round-trips-strings",
    description: "awkward strings survive an update unchanged",
    run: async (context) => {
      const task = await createTask(context, { title: "plain" });
      const text = AWKWARD_STRINGS.join(" | ");
      const { json } = await send(context, jsonRequest("PUT", `/tasks/${task.id}`, { title: "x", description: text.slice(0, 2000) }), { status: 200, schema: "Task" });
      expectEqual((json as Task).description, text.slice(0, 2000), "description after update");
    },
  },
  {
    id: "reads-the-database",
    description: "a row inserted straight into the database is served by the API (no cache)",
    notRemote: "inserts a row straight into the database, which crudbench cannot reach for a remote target",
    run: async (context) => {
      if (!context.database) fail("no direct database access for this run");
      const row = { title: "inserted by the harness", description: "not through the API", completed: true, created_at: "2026-01-02T03:04:05.678Z", updated_at: "2026-01-02T03:04:05.678Z" };
      const id = await context.database.insertTask(row);
      expectEqual(await readTask(context, id), { id, ...row }, "the inserted row through the API");
    },
  },
  {
    id: "reads-are-not-cached",
    description: "a read after an update returns the new state",
    run: async (context) => {
      const task = await createTask(context, { title: "cache v1" });
      await readTask(context, task.id);
      await send(context, jsonRequest("PUT", `/tasks/${task.id}`, { title: "cache v2" }), { status: 200, schema: "Task" });
      expectEqual((await readTask(context, task.id)).title, "cache v2", "title after update");
    },
  },
];
