import type { Output } from "../console/output.js";
import { killAllTrackedGroups } from "../lifecycle/process-registry.js";

/**
 * First Ctrl-C (or SIGTERM): stop gracefully — the current target is stopped, finished
 * results are written, exit 130. A second one: kill every target now and exit.
 */
export function installInterruptHandler(output: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      output.error(`${name} again: killing targets and exiting now`);
      killAllTrackedGroups();
      process.exit(130);
    }
    output.warn(`${name}: stopping after the current step and writing finished results (press Ctrl-C again to force)`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
