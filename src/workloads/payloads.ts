/**
 * Request bodies of the workloads, serialised before any timing starts. Deterministic, so
 * every target receives byte-identical requests.
 */
export function taskInput(index: number): { title: string; description: string; completed: boolean } {
  return {
    title: `Task ${index}`,
    description: `Benchmark task number ${index}, created by crudbench.`,
    completed: index % 2 === 0,
  };
}

export function updatedTaskInput(index: number): { title: string; description: string; completed: boolean } {
  return {
    title: `Task ${index} (updated)`,
    description: `Benchmark task number ${index}, updated by crudbench.`,
    completed: index % 2 !== 0,
  };
}

export function serialisedBodies(count: number, build: (index: number) => unknown): string[] {
  return Array.from({ length: count }, (_, index) => JSON.stringify(build(index)));
}
