import { seededRandom, type Random } from "../stats/random.js";

/**
 * The order in which a block's units (targets, and the control's two names) run their
 * batches. Order matters on a small machine: the unit right after a heavy one may find the
 * CPU hot, caches cold or the allocator busy, and the first of a block may meet a different
 * machine than the last. A fixed order would give one target that handicap every block; a
 * random order only evens it out on average. So the orders come from a Williams design:
 * a Latin square balanced for first-order carry-over. Over one cycle of its rows every unit
 * holds every position equally often, and within the rows every unit immediately precedes
 * every other unit equally often (once for an even number of units, over k rows; twice for
 * an odd number, over 2k rows, the square and its mirror image).
 * The design is randomised without breaking that balance: each cycle gets a fresh seeded
 * relabelling of the units and a fresh seeded order of its rows, so no unit is tied to a
 * fixed row of the square and consecutive blocks do not walk the square in a pattern.
 * The pipeline asks once per run for sessions × blocks-per-session orders and slices them
 * per session, so the balance holds over the run (whole cycles are balanced; a last partial
 * cycle is as close as its rows allow). Carry-over across the boundary between two rows
 * (the last unit of one block before the first of the next) is not balanced; each batch
 * starts with untimed re-warm requests, which absorb most of what carries over.
 * Reproducible: the same (units, blocks, seed) gives the same orders (results.config.latency.order_seed).
 */

/**
 * The Williams square for k units: first row 0, 1, k−1, 2, k−2, …; row i adds i (mod k).
 * For odd k the mirror image (each row reversed) follows, as k rows alone cannot balance
 * carry-over.
 */
export function williamsSquare(k: number): number[][] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`units must be a whole number, got ${k}`);
  if (k === 0) return [];
  const first: number[] = [0];
  for (let step = 1; first.length < k; step++) {
    first.push(step);
    if (first.length < k) first.push(k - step);
  }
  const square = Array.from({ length: k }, (_, row) => first.map((unit) => (unit + row) % k));
  // One unit has no carry-over to balance: its mirror would repeat the same row.
  return k % 2 === 0 || k === 1 ? square : [...square, ...square.map((row) => [...row].reverse())];
}

/** Fisher–Yates, from the seeded generator. */
function shuffled(length: number, random: Random): number[] {
  const items = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The order of `units` units (0-based indices) in each of `blocks` consecutive blocks:
 * consecutive cycles of a randomly relabelled Williams square with its rows in a random
 * order, cut after `blocks` rows.
 */
export function blockOrders(units: number, blocks: number, seed: number): number[][] {
  if (!Number.isInteger(blocks) || blocks < 0) throw new RangeError(`blocks must be a whole number, got ${blocks}`);
  const square = williamsSquare(units);
  if (units === 0) return Array.from({ length: blocks }, () => []);
  const random = seededRandom(seed);
  const orders: number[][] = [];
  while (orders.length < blocks) {
    const labels = shuffled(units, random);
    for (const row of shuffled(square.length, random)) {
      if (orders.length === blocks) break;
      orders.push(square[row]!.map((unit) => labels[unit]!));
    }
  }
  return orders;
}
