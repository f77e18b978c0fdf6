import { describe, expect, it } from 'vitest';
import { assignMinCost } from '../../../gateway/audio/hungarian';

function bruteForceMin(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]!.length;
  let best = Infinity;
  const walk = (r: number, used: Set<number>, acc: number): void => {
    if (r === rows || used.size === Math.min(rows, cols)) { best = Math.min(best, acc); return; }
    if (rows - r > cols - used.size) walk(r + 1, used, acc); // this row may stay unassigned
    for (let c = 0; c < cols; c++) if (!used.has(c)) { used.add(c); walk(r + 1, used, acc + cost[r]![c]!); used.delete(c); }
  };
  walk(0, new Set(), 0);
  return best;
}

describe('assignMinCost', () => {
  it('finds the optimum that a greedy choice misses', () => {
    // Greedy takes (0,0)=1 then must take (1,1)=100; the optimum is 2 + 3.
    expect(assignMinCost([[1, 2], [3, 100]])).toEqual([[0, 1], [1, 0]]);
  });

  it('matches a brute force on random square and rectangular matrices', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [rows, cols] of [[3, 3], [4, 4], [2, 5], [5, 2], [6, 6], [1, 4]] as const) {
      for (let trial = 0; trial < 20; trial++) {
        const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(rand() * 20) - 10));
        const pairs = assignMinCost(cost);
        expect(pairs).toHaveLength(Math.min(rows, cols));
        expect(new Set(pairs.map((p) => p[1])).size).toBe(pairs.length);
        expect(pairs.reduce((s, [r, c]) => s + cost[r]![c]!, 0)).toBe(bruteForceMin(cost));
      }
    }
  });

  it('returns nothing for an empty matrix', () => {
    expect(assignMinCost([])).toEqual([]);
  });
});
