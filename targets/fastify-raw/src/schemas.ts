// JSON schemas mirroring spec/openapi.yaml. Fastify validates request bodies with them and
// serialises responses through fast-json-stringify, which is how Fastify's docs serve JSON.

export const taskInputSchema = {
  type: "object",
  required: ["title"],
  properties: {
    // No U+0000 (SQLite's length() stops at NUL) and no unpaired surrogates (not Unicode text).
    // Stricter than openapi.yaml's portable pattern, which leaves surrogates to spec/README.md:
    // Ajv compiles patterns with the `u` flag, so \p{Cs} works here.
    title: { type: "string", minLength: 1, maxLength: 200, pattern: "^[^\\u0000\\p{Cs}]*$" },
    description: { type: "string", maxLength: 2000, pattern: "^[^\\u0000\\p{Cs}]*$", default: "" },
    completed: { type: "boolean", default: false },
  },
} as const;

export const taskSchema = {
  type: "object",
  required: ["id", "title", "description", "completed", "created_at", "updated_at"],
  properties: {
    id: { type: "integer" },
    title: { type: "string" },
    description: { type: "string" },
    completed: { type: "boolean" },
    created_at: { type: "string" },
    updated_at: { type: "string" },
  },
} as const;

export const taskListSchema = { type: "array", items: taskSchema } as const;

export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" } },
} as const;
