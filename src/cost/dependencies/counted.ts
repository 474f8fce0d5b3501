import type { DependencyCounts } from "../../results/cost-types.js";

/** What one ecosystem's counter gives: counts, or why there are none (never a made-up 0). */
export type Counted = { counts: DependencyCounts } | { reason: string };
