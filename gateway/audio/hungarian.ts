/**
 * Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(n²m)),
 * as scipy's `linear_sum_assignment`. Rectangular matrices are allowed; the result pairs
 * min(rows, cols) rows with distinct columns.
 */
export function assignMinCost(cost: readonly (readonly number[])[]): Array<[row: number, col: number]> {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  if (rows === 0 || cols === 0) return [];
  // The algorithm wants rows ≤ cols; transpose otherwise.
  if (rows > cols) return assignMinCost(transpose(cost)).map(([c, r]) => [r, c]);
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const match = new Int32Array(cols + 1); // match[col] = row (1-based), 0 = free
  const way = new Int32Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(cols + 1).fill(INF);
    const used = new Uint8Array(cols + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) { minv[j] = cur; way[j] = j0; }
        if (minv[j]! < delta) { delta = minv[j]!; j1 = j; }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          const row = match[j]!;
          u[row] = u[row]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do { const j1 = way[j0]!; match[j0] = match[j1]!; j0 = j1; } while (j0 !== 0);
  }
  const pairs: Array<[number, number]> = [];
  for (let j = 1; j <= cols; j++) if (match[j]! > 0) pairs.push([match[j]! - 1, j - 1]);
  return pairs.sort((a, b) => a[0] - b[0]);
}

function transpose(m: readonly (readonly number[])[]): number[][] {
  return m[0]!.map((_, j) => m.map((row) => row[j]!));
}
