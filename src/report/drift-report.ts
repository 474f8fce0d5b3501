import { STEAL_SPIKE_SHARE } from "../lifecycle/machine-pressure.js";
import type { BatchRecord, Results } from "../results/types.js";
import { quantile, sortSamples } from "../stats/summary.js";
import { formatPercent, formatShare, type Table } from "./table.js";

/**
 * The machine's drift while the sessions ran, from results.batches alone: how many batches
 * each target (and the A/A control) ran, how many inside a steal spike, and the typical steal
 * and CPU pressure it saw. Evidence beside the paired comparisons, not an input to them.
 */

/** The typical share over the batches that recorded it; "–" where /proc did not say. */
function medianShare(values: readonly (number | null)[]): string {
  const known = values.filter((value): value is number => value !== null);
  return known.length > 0 ? formatPercent(quantile(sortSamples(known), 0.5)) : "–";
}

/** Batches by target, in the order the targets first ran. */
function byTarget(batches: readonly BatchRecord[]): Map<string, BatchRecord[]> {
  const groups = new Map<string, BatchRecord[]>();
  for (const batch of batches) {
    const group = groups.get(batch.target);
    if (group) group.push(batch);
    else groups.set(batch.target, [batch]);
  }
  return groups;
}

/** One row per target (the control's two names included); undefined when no batch was recorded. */
export function driftTable(results: Results): Table | undefined {
  if (results.batches.length === 0) return undefined;
  return {
    headers: ["Target", "Batches", "In a steal spike", "Median steal", "Median CPU pressure"],
    align: ["left", "right", "right", "right", "right"],
    rows: [...byTarget(results.batches)].map(([target, batches]) => [
      target,
      String(batches.length),
      String(batches.filter((b) => b.steal_spike).length),
      medianShare(batches.map((b) => b.steal)),
      medianShare(batches.map((b) => b.cpu_pressure)),
    ]),
  };
}

export const DRIFT_NOTE =
  "Steal: the share of all CPUs' time the hypervisor gave to other machines during a batch (/proc/stat). CPU pressure: the share of a batch's wall time in which some task waited for a CPU (/proc/pressure/cpu). " +
  "Batches of different targets run milliseconds apart in every block, so drift like this reaches all of them alike and the paired ratios largely cancel it; a batch in a steal spike is counted, not dropped.";

/** "7 of 2080 batches ran inside a steal spike: flask-raw (4), echo-a (3); …", or undefined when none did. */
export function stealSpikeCaveat(results: Results): string | undefined {
  const flagged = results.batches.filter((b) => b.steal_spike);
  if (flagged.length === 0) return undefined;
  const targets = [...byTarget(flagged)].map(([target, batches]) => `${target} (${batches.length})`).join(", ");
  return `${flagged.length} of ${results.batches.length} batches ran inside a steal spike (≥ ${formatShare(STEAL_SPIKE_SHARE)} of the CPUs' time stolen by the hypervisor): ${targets}; their medians may be slow, and a target with many of them is compared less exactly (see Drift).`;
}
