import { centroidLinkage } from './centroid-linkage';
import { flatClusters } from './flat-clusters';

/**
 * pyannote 3.1's `AgglomerativeClustering.cluster` (metric cosine, method centroid; engines.md §2.6
 * step 4c–g) on the training embeddings: linkage of the unit-normalised rows, flat clusters at the
 * threshold, small clusters folded into the nearest large one, and the cluster count forced into
 * [minClusters, maxClusters] by searching the dendrogram when needed. Returns labels 0..K-1.
 */
export interface ClusterBounds {
  minClusters: number;
  maxClusters: number;
  /** Set when min = max, or by the caller's num_speakers. */
  numClusters?: number;
}

export interface ClusteringParams {
  threshold: number;
  minClusterSize: number;
}

export function clusterEmbeddings(train: Float64Array, n: number, dim: number, bounds: ClusterBounds, params: ClusteringParams): Int32Array {
  if (n === 1) return new Int32Array(1);
  const minClusterSize = Math.min(params.minClusterSize, Math.max(1, roundHalfEvenInt(0.1 * n)));
  const unit = normalizeRows(train, n, dim);
  const z = centroidLinkage(unit, n, dim);
  let clusters = flatClusters(z, params.threshold);
  let large = largeClusters(clusters, minClusterSize);
  let target = bounds.numClusters;
  if (large.length < bounds.minClusters) target = bounds.minClusters;
  else if (large.length > bounds.maxClusters) target = bounds.maxClusters;
  if (target !== undefined && large.length !== target) {
    clusters = searchCut(z, params.threshold, minClusterSize, target) ?? clusters;
    large = largeClusters(clusters, minClusterSize);
  }
  if (large.length === 0) return new Int32Array(n);
  return foldSmallClusters(clusters, large, unit, dim);
}

/**
 * pyannote's fallback: walk merges ordered by |height − threshold|, cutting after each (heights
 * replaced by merge index), until the number of large clusters equals `target`; else the closest.
 */
function searchCut(z: ReturnType<typeof centroidLinkage>, threshold: number, minClusterSize: number, target: number): Int32Array | null {
  const merges = z.n - 1;
  const byIndex = Float64Array.from({ length: merges }, (_, k) => k);
  const order = Array.from({ length: merges }, (_, k) => k).sort(
    (a, b) => Math.abs(z.height[a]! - threshold) - Math.abs(z.height[b]! - threshold) || a - b,
  );
  let bestIteration = merges;
  let bestCount = 1;
  let found: Int32Array | null = null;
  for (const iteration of order) {
    if (z.size[iteration]! < minClusterSize) continue;
    const clusters = flatClusters(z, iteration, byIndex);
    const count = largeClusters(clusters, minClusterSize).length;
    if (Math.abs(count - target) < Math.abs(bestCount - target)) { bestIteration = iteration; bestCount = count; }
    if (count === target) { found = clusters; break; }
  }
  if (found) return found;
  if (bestCount === target) return null; // pyannote keeps the threshold cut in this corner
  return flatClusters(z, bestIteration, byIndex);
}

/** Labels of clusters with at least `minSize` members, ascending. */
function largeClusters(labels: Int32Array, minSize: number): number[] {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].filter(([, c]) => c >= minSize).map(([l]) => l).sort((a, b) => a - b);
}

/** Moves each small cluster to the large one with the closest centroid (cosine), then renumbers. */
function foldSmallClusters(clusters: Int32Array, large: number[], unit: Float64Array, dim: number): Int32Array {
  const labels = [...new Set(clusters)].sort((a, b) => a - b);
  const small = labels.filter((l) => !large.includes(l));
  if (small.length > 0) {
    const largeCentroids = large.map((l) => centroidOf(unit, clusters, l, dim));
    const target = new Map<number, number>();
    for (const s of small) {
      const c = centroidOf(unit, clusters, s, dim);
      let best = 0;
      let bestDistance = Infinity;
      largeCentroids.forEach((lc, i) => {
        const d = cosineDistance(c, lc);
        if (d < bestDistance) { bestDistance = d; best = i; }
      });
      target.set(s, large[best]!);
    }
    clusters = clusters.map((l) => target.get(l) ?? l);
  }
  const renumber = new Map([...new Set(clusters)].sort((a, b) => a - b).map((l, i) => [l, i]));
  return clusters.map((l) => renumber.get(l)!);
}

export function centroidOf(rows: Float64Array, labels: ArrayLike<number>, label: number, dim: number): Float64Array {
  const c = new Float64Array(dim);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label) continue;
    count++;
    for (let d = 0; d < dim; d++) c[d]! += rows[i * dim + d]!;
  }
  for (let d = 0; d < dim; d++) c[d] = c[d]! / count;
  return c;
}

/** scipy's cosine distance, 1 − a·b/(‖a‖‖b‖); NaN when either is zero or NaN. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>, bOffset = 0, aOffset = 0, dim = a.length): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < dim; d++) {
    const x = a[aOffset + d]!;
    const y = b[bOffset + d]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

function normalizeRows(rows: Float64Array, n: number, dim: number): Float64Array {
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += rows[i * dim + d]! ** 2;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[i * dim + d] = rows[i * dim + d]! / norm;
  }
  return out;
}

/** Python's round() on a non-negative number: half to even. */
function roundHalfEvenInt(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
