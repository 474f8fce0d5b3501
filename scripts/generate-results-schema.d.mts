// Types for generate-results-schema.mjs, so the type-checked tests can import it.

/** Where `npm run schema` writes: spec/results.schema.json. */
export declare const resultsSchemaFile: string;

/** The results JSON Schema generated from src/results/types.ts. */
export declare function generateResultsSchema(): Record<string, unknown>;

/** The schema as the file holds it. */
export declare function formatSchema(schema: Record<string, unknown>): string;
