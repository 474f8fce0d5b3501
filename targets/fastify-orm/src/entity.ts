import { BigIntType, EntitySchema, Type, type EntityProperty, type Platform } from "@mikro-orm/core";

/**
 * The mapped Task. Properties are camelCase, as MikroORM entities usually are; the schema
 * below names the snake_case columns of spec/schema/. Timestamps are strings in the
 * contract's format (`2026-11-26T10:17:07.123Z`) on both databases: on SQLite that is also
 * how they are stored, so rows written by anyone else are served verbatim; on PostgreSQL the
 * `timestamptz` column is mapped to and from that string by `IsoTimestampType` below.
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

/**
 * A MikroORM custom type (its documented way to map a column to a JS representation) for
 * PostgreSQL's `timestamptz`: the property is the contract's ISO 8601 UTC string. It is
 * written as that text, which PostgreSQL parses exactly (millisecond precision, `Z`), and
 * read through the platform's date parser (postgres-date, which the PostgreSQL driver uses
 * for `Date` properties) and rendered with `Date#toISOString()` — so a row inserted with the
 * schema default `date_trunc('milliseconds', now())` is served in the same format.
 */
export class IsoTimestampType extends Type<string, string> {
  override convertToDatabaseValue(value: string): string {
    return value;
  }

  override convertToJSValue(value: string | Date, platform: Platform): string {
    const date = value instanceof Date ? value : platform.parseDate(value);
    return date.toISOString();
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return "timestamptz(3)";
  }

  override compareAsType(): string {
    return "string";
  }

  // ensureComparable() stays true (the default): the unit of work's snapshot of a loaded row
  // is the raw `timestamptz` text, which differs from the string this type writes for the
  // same instant; converting it back to that string lets a PUT leave `created_at` unwritten.
}

export type DatabaseKind = "sqlite" | "postgres";

// EntitySchema rather than decorators: the metadata is written out, so start-up needs
// neither reflect-metadata nor ts-morph, and plain `tsc` compiles it. The table is created
// by crudbench from spec/schema/<database>.sql; MikroORM never creates or migrates it.
// The two databases differ only in the column types of `id` and the timestamps.
export function taskSchema(database: DatabaseKind): EntitySchema<Task> {
  const postgres = database === "postgres";
  return new EntitySchema<Task>({
    class: Task,
    tableName: "tasks",
    properties: {
      // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, a number from better-sqlite3. PostgreSQL:
      // BIGINT identity, which node-postgres returns as a string; BigIntType('number') maps
      // it to a number (identity values stay far below 2^53) and sends ids as text.
      id: postgres
        ? { type: new BigIntType("number"), primary: true, autoincrement: true }
        : { type: "integer", primary: true, autoincrement: true },
      title: { type: "string", columnType: "text" },
      description: { type: "string", columnType: "text" },
      // BooleanType: 1/0 in SQLite's INTEGER column, BOOLEAN on PostgreSQL; true/false on the entity.
      completed: { type: "boolean" },
      createdAt: postgres
        ? { type: IsoTimestampType, fieldName: "created_at" }
        : { type: "string", columnType: "text", fieldName: "created_at" },
      updatedAt: postgres
        ? { type: IsoTimestampType, fieldName: "updated_at" }
        : { type: "string", columnType: "text", fieldName: "updated_at" },
    },
  });
}
