import { describe, expect, it } from "vitest";
import { blockOrders, williamsSquare } from "../../src/run/block-order.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Rows in one cycle of the design: k for even k, 2k (the square and its mirror) for odd k. */
const cycle = (k: number) => (k % 2 === 0 ? k : 2 * k);

/** counts[unit][position] over the rows. */
function positionCounts(rows: readonly number[][], k: number): number[][] {
  const counts = range(k).map(() => new Array<number>(k).fill(0));
  for (const row of rows) row.forEach((unit, position) => counts[unit]![position]!++);
  return counts;
}

/** counts[a][b]: how often a runs immediately before b within a row. */
function successionCounts(rows: readonly number[][], k: number): number[][] {
  const counts = range(k).map(() => new Array<number>(k).fill(0));
  for (const row of rows) for (let i = 0; i + 1 < row.length; i++) counts[row[i]!]![row[i + 1]!]!++;
  return counts;
}

describe("williamsSquare", () => {
  it("is the classic construction: 0, 1, k−1, 2, k−2, … shifted row by row, mirrored for odd k", () => {
    expect(williamsSquare(4)).toEqual([
      [0, 1, 3, 2],
      [1, 2, 0, 3],
      [2, 3, 1, 0],
      [3, 0, 2, 1],
    ]);
    expect(williamsSquare(3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
    expect(williamsSquare(1)).toEqual([[0]]);
  });

  it("balances positions and first-order carry-over for k = 2..8", () => {
    for (let k = 2; k <= 8; k++) {
      const square = williamsSquare(k);
      const times = cycle(k) / k;
      expect(square).toHaveLength(cycle(k));
      expect(positionCounts(square, k)).toEqual(range(k).map(() => new Array<number>(k).fill(times)));
      expect(successionCounts(square, k)).toEqual(range(k).map((a) => range(k).map((b) => (a === b ? 0 : times))));
    }
  });
});

describe("blockOrders", () => {
  it("is reproducible from its seed, and another seed gives other orders", () => {
    expect(blockOrders(5, 40, 7)).toEqual(blockOrders(5, 40, 7));
    expect(blockOrders(5, 40, 8)).not.toEqual(blockOrders(5, 40, 7));
  });

  it("orders every unit once in every block", () => {
    for (const row of blockOrders(6, 25, 1)) expect([...row].sort()).toEqual(range(6));
  });

  it("over every complete cycle, puts each unit in each position equally often and after each other unit equally often (k = 2..8)", () => {
    for (let k = 2; k <= 8; k++) {
      const rows = cycle(k);
      const times = rows / k;
      const orders = blockOrders(k, 3 * rows, 20261126 + k);
      for (let start = 0; start < orders.length; start += rows) {
        const oneCycle = orders.slice(start, start + rows);
        expect(positionCounts(oneCycle, k)).toEqual(range(k).map(() => new Array<number>(k).fill(times)));
        expect(successionCounts(oneCycle, k)).toEqual(range(k).map((a) => range(k).map((b) => (a === b ? 0 : times))));
      }
    }
  });

  it("relabels and reorders each cycle afresh", () => {
    const orders = blockOrders(6, 18, 3);
    const cycles = [orders.slice(0, 6), orders.slice(6, 12), orders.slice(12, 18)];
    expect(new Set(cycles.map((c) => JSON.stringify(c))).size).toBe(3);
    expect(new Set(cycles.map((c) => c[0]!.join(","))).size).toBeGreaterThan(1);
  });

  it("cuts the last cycle short when blocks are not a multiple of it, still with whole permutations", () => {
    const orders = blockOrders(4, 10, 5);
    expect(orders).toHaveLength(10);
    expect(orders.slice(0, 8)).toEqual(blockOrders(4, 8, 5));
    for (const row of orders) expect([...row].sort()).toEqual(range(4));
    expect(blockOrders(3, 1, 5)).toHaveLength(1);
  });

  it("handles the degenerate sizes", () => {
    expect(blockOrders(1, 3, 1)).toEqual([[0], [0], [0]]);
    expect(blockOrders(0, 2, 1)).toEqual([[], []]);
    expect(blockOrders(4, 0, 1)).toEqual([]);
    expect(() => blockOrders(2.5, 2, 1)).toThrow(RangeError);
    expect(() => blockOrders(2, -1, 1)).toThrow(RangeError);
  });
});
