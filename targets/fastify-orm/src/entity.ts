import { EntitySchema } from "@mikro-orm/core";

/**
 * The mapped Task. Properties are camelCase, as MikroORM entities usually are; the schema
 * below names the snake_case columns of spec/schema/sqlite.sql. Timestamps are strings in
 * the contract's format (`2026-11-26T10:17:07.123Z`), which is also how SQLite stores them,
 * so rows written by anyone else are served verbatim and nothing is parsed and re-formatted.
 */
export class Task {
  id!: number;
  title: string;
  description: string;
  completed: boolean;
  createdAt: string;
  updatedAt: string;

  constructor(title: string, description: string, completed: boolean, now: string) {
    this.title = title;
    this.description = description;
    this.completed = completed;
    this.createdAt = now;
    this.updatedAt = now;
  }
}

// EntitySchema rather than decorators: the metadata is written out, so start-up needs
// neither reflect-metadata nor ts-morph, and plain `tsc` compiles it. The table is created
// by crudbench from spec/schema/sqlite.sql; MikroORM never creates or migrates it.
export const TaskSchema = new EntitySchema<Task>({
  class: Task,
  tableName: "tasks",
  properties: {
    id: { type: "integer", primary: true, autoincrement: true },
    title: { type: "string", columnType: "text" },
    description: { type: "string", columnType: "text" },
    // BooleanType: 1/0 in the INTEGER column, true/false on the entity.
    completed: { type: "boolean" },
    createdAt: { type: "string", columnType: "text", fieldName: "created_at" },
    updatedAt: { type: "string", columnType: "text", fieldName: "updated_at" },
  },
});
