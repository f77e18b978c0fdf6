/**
 * scipy's `linkage(X, method="centroid", metric="euclidean")`, ported from its generic algorithm
 * (`_hierarchy.pyx` `fast_linkage`, Müllner 2011) so that merge order, heights and cluster ids
 * match, inversions included. O(n²) memory (condensed distances), about O(n²) time in practice.
 */
export interface Dendrogram {
  /** Number of observations; merge k creates cluster id n + k. */
  n: number;
  left: Int32Array;
  right: Int32Array;
  height: Float64Array;
  size: Int32Array;
}

/** `points` is n rows of `dim` values, row-major. */
export function centroidLinkage(points: Float64Array, n: number, dim: number): Dendrogram {
  const merges = Math.max(n - 1, 0);
  const z: Dendrogram = { n, left: new Int32Array(merges), right: new Int32Array(merges), height: new Float64Array(merges), size: new Int32Array(merges) };
  if (n < 2) return z;
  const state = new GenericLinkage(pairwiseDistances(points, n, dim), n);
  for (let k = 0; k < n - 1; k++) state.merge(k, z);
  return z;
}

/** The state of scipy's `fast_linkage`: condensed distances, sizes, ids, nearest-neighbour bounds. */
class GenericLinkage {
  private readonly size: Int32Array;
  private readonly clusterId: Int32Array;
  private readonly neighbor: Int32Array;
  private readonly minDist: Float64Array;
  private readonly inHeap: Uint8Array;

  constructor(private readonly D: Float64Array, private readonly n: number) {
    this.size = new Int32Array(n).fill(1);
    this.clusterId = Int32Array.from({ length: n }, (_, i) => i);
    this.neighbor = new Int32Array(n - 1);
    this.minDist = new Float64Array(n - 1);
    this.inHeap = new Uint8Array(n - 1).fill(1);
    for (let x = 0; x < n - 1; x++) [this.neighbor[x], this.minDist[x]] = this.nearest(x);
  }

  /** Merge k: the closest pair (x, y) becomes cluster n + k, stored at y. */
  merge(k: number, z: Dendrogram): void {
    const { n, size, clusterId } = this;
    const [x, y, dist] = this.closestPair(k);
    this.inHeap[x] = 0;
    const nx = size[x]!;
    const ny = size[y]!;
    z.left[k] = Math.min(clusterId[x]!, clusterId[y]!);
    z.right[k] = Math.max(clusterId[x]!, clusterId[y]!);
    z.height[k] = dist;
    z.size[k] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;
    this.updateDistances(x, y, nx, ny, dist);
    this.updateBounds(x, y);
  }

  /** Lower bounds may be stale: re-check the best candidate until its bound is its true distance. */
  private closestPair(k: number): [number, number, number] {
    let x = 0;
    let y = 0;
    let dist = 0;
    for (let attempt = 0; attempt < this.n - k; attempt++) {
      x = heapMin(this.minDist, this.inHeap);
      dist = this.minDist[x]!;
      y = this.neighbor[x]!;
      if (dist === this.D[this.at(x, y)]) break;
      [y, dist] = this.nearest(x);
      this.neighbor[x] = y;
      this.minDist[x] = dist;
    }
    return [x, y, dist];
  }

  /** Lance–Williams for centroid linkage, on distances (not squared), as scipy's `_centroid`. */
  private updateDistances(x: number, y: number, nx: number, ny: number, dist: number): void {
    const { D, size } = this;
    for (let i = 0; i < this.n; i++) {
      if (size[i] === 0 || i === y) continue;
      const dx = D[this.at(i, x)]!;
      const dy = D[this.at(i, y)]!;
      D[this.at(i, y)] = Math.sqrt((nx * dx * dx + ny * dy * dy - (nx * ny * dist * dist) / (nx + ny)) / (nx + ny));
    }
  }

  private updateBounds(x: number, y: number): void {
    const { size, neighbor, minDist } = this;
    for (let i = 0; i < x; i++) if (size[i]! > 0 && neighbor[i] === x) neighbor[i] = y;
    for (let i = 0; i < y; i++) {
      if (size[i] === 0) continue;
      const d = this.D[this.at(i, y)]!;
      if (d < minDist[i]!) { neighbor[i] = y; minDist[i] = d; }
    }
    if (y < this.n - 1) {
      const [j, d] = this.nearest(y);
      if (j !== -1) { neighbor[y] = j; minDist[y] = d; }
    }
  }

  /** The closest live cluster with a higher index, and its distance. */
  private nearest(x: number): [number, number] {
    let best = Infinity;
    let y = -1;
    for (let i = x + 1; i < this.n; i++) {
      if (this.size[i] === 0) continue;
      const d = this.D[this.at(x, i)]!;
      if (d < best) { best = d; y = i; }
    }
    return [y, best];
  }

  /** Index of pair (i, j) in the condensed matrix. */
  private at(i: number, j: number): number {
    const { n } = this;
    return i < j ? n * i - (i * (i + 1)) / 2 + j - i - 1 : n * j - (j * (j + 1)) / 2 + i - j - 1;
  }
}

/** The entry with the smallest bound still in the (conceptual) heap; first index on ties. */
function heapMin(minDist: Float64Array, inHeap: Uint8Array): number {
  let best = -1;
  let value = Infinity;
  for (let i = 0; i < minDist.length; i++) {
    if (inHeap[i] && (best < 0 || minDist[i]! < value)) { best = i; value = minDist[i]!; }
  }
  return best;
}

/** Condensed Euclidean distances (scipy `pdist` order). */
function pairwiseDistances(points: Float64Array, n: number, dim: number): Float64Array {
  const D = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = points.subarray(i * dim, (i + 1) * dim);
    for (let j = i + 1; j < n; j++) D[k++] = Math.sqrt(squaredDistance(a, points, j * dim, dim));
  }
  return D;
}

function squaredDistance(a: Float64Array, points: Float64Array, offset: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let d = 0;
  // Two accumulators let the JIT overlap the multiply-adds; the order of terms differs from
  // scipy's by rounding only (≈1e-16 relative).
  for (; d + 1 < dim; d += 2) {
    const x0 = a[d]! - points[offset + d]!;
    const x1 = a[d + 1]! - points[offset + d + 1]!;
    s0 += x0 * x0;
    s1 += x1 * x1;
  }
  if (d < dim) { const x = a[d]! - points[offset + d]!; s0 += x * x; }
  return s0 + s1;
}
