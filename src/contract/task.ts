/**
 * The Task of spec/openapi.yaml as the harness sees it, and the one way the harness reaches
 * a target's database behind its back. Shared by conformance, workloads and databases.
 */
/** The readiness probe of spec/openapi.yaml (no target here runs a statement for it). */
export const HEALTH_PATH = "/health";

export interface Task {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

/** A row written straight into the target's database, bypassing its API. */
export interface DirectTaskRow {
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

/** Database access for honesty checks: the harness writes, the target must see it. */
export interface DirectDatabase {
  insertTask(row: DirectTaskRow): Promise<number>;
}
