import { clusterEmbeddings, cosineDistance, type ClusteringParams } from './agglomerative-clustering';
import { FRAMES_PER_CHUNK, LOCAL_SPEAKERS } from './frame-grid';

/** Speaker-count hints of a request; all optional. */
export interface SpeakerBounds {
  numSpeakers?: number;
  minSpeakers?: number;
  maxSpeakers?: number;
}

export interface SpeakerClusteringInput {
  /** [chunks × 3 × dim]; a row of NaN where no embedding could be computed. */
  embeddings: Float32Array;
  dim: number;
  numChunks: number;
  /** Binary segmentation [chunks × 589 × 3]. */
  segmentation: Uint8Array;
  bounds: SpeakerBounds;
  params: ClusteringParams;
  /**
   * Cap on the embeddings the dendrogram is built from (pyannote's `max_num_embeddings`); beyond it
   * an evenly strided subset is used, every embedding is still assigned. Keeps hours of audio in
   * O(cap²) memory.
   */
  maxTrainEmbeddings: number;
}

export interface SpeakerClustering {
  /** Cluster of each (chunk, local speaker); −2 for a speaker inactive in that chunk. */
  hard: Int32Array;
  /** Mean embedding of each cluster (un-normalised), [K × dim]. */
  centroids: Float64Array[];
}

/** pyannote 3.1 `AgglomerativeClustering.__call__`: filter, cluster, assign (engines.md §2.6 step 4). */
export function clusterSpeakers(input: SpeakerClusteringInput): SpeakerClustering {
  const { embeddings, dim, numChunks } = input;
  const active = activeSpeakers(input.segmentation, numChunks);
  const trainIndex = trainingRows(embeddings, dim, active, input.maxTrainEmbeddings);
  const n = trainIndex.length;
  const train = new Float64Array(n * dim);
  trainIndex.forEach((row, i) => { for (let d = 0; d < dim; d++) train[i * dim + d] = embeddings[row * dim + d]!; });
  const bounds = clusterBounds(input.bounds, n);
  const labels = n === 0 || bounds.maxClusters < 2 ? new Int32Array(n) : clusterEmbeddings(train, n, dim, bounds, input.params);
  const centroids = clusterCentroids(train, labels, dim);
  const hard = assign(embeddings, dim, centroids);
  for (let i = 0; i < hard.length; i++) if (!active[i]) hard[i] = -2;
  return { hard, centroids };
}

/** The 3.1 pipeline's speaker bounds turned into cluster bounds, clipped to [1, n]. */
export function clusterBounds(b: SpeakerBounds, n: number): { minClusters: number; maxClusters: number; numClusters?: number } {
  const clip = (x: number): number => Math.max(1, Math.min(n, x));
  const minClusters = clip(b.numSpeakers || b.minSpeakers || 1);
  const maxClusters = clip(b.numSpeakers || b.maxSpeakers || n);
  if (minClusters > maxClusters) throw new Error(`min_speakers (${minClusters}) exceeds max_speakers (${maxClusters})`);
  return minClusters === maxClusters ? { minClusters, maxClusters, numClusters: minClusters } : { minClusters, maxClusters };
}

/** active[c·3 + s]: local speaker s speaks somewhere in chunk c. */
export function activeSpeakers(segmentation: Uint8Array, numChunks: number): Uint8Array {
  const active = new Uint8Array(numChunks * LOCAL_SPEAKERS);
  for (let c = 0; c < numChunks; c++) {
    for (let f = 0; f < FRAMES_PER_CHUNK; f++) {
      const base = (c * FRAMES_PER_CHUNK + f) * LOCAL_SPEAKERS;
      for (let s = 0; s < LOCAL_SPEAKERS; s++) if (segmentation[base + s]) active[c * LOCAL_SPEAKERS + s] = 1;
    }
  }
  return active;
}

/** Rows that are active and finite, in (chunk, speaker) order; strided down to `cap`. */
function trainingRows(embeddings: Float32Array, dim: number, active: Uint8Array, cap: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < active.length; i++) {
    if (active[i] && Number.isFinite(embeddings[i * dim]!) && !hasNaN(embeddings, i * dim, dim)) rows.push(i);
  }
  if (rows.length <= cap) return rows;
  return Array.from({ length: cap }, (_, k) => rows[Math.floor((k * rows.length) / cap)]!);
}

function hasNaN(values: Float32Array, offset: number, length: number): boolean {
  for (let i = offset; i < offset + length; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

function clusterCentroids(train: Float64Array, labels: Int32Array, dim: number): Float64Array[] {
  const k = labels.length === 0 ? 0 : Math.max(...labels) + 1;
  const sums = Array.from({ length: k }, () => new Float64Array(dim));
  const counts = new Array<number>(k).fill(0);
  labels.forEach((l, i) => {
    counts[l]!++;
    for (let d = 0; d < dim; d++) sums[l]![d]! += train[i * dim + d]!;
  });
  return sums.map((s, l) => s.map((v) => v / counts[l]!));
}

/** argmax of 2 − cosine distance to each centroid; numpy's argmax gives 0 for a NaN row. */
function assign(embeddings: Float32Array, dim: number, centroids: Float64Array[]): Int32Array {
  const rows = embeddings.length / dim;
  const hard = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < centroids.length; k++) {
      const score = 2 - cosineDistance(embeddings, centroids[k]!, 0, i * dim, dim);
      if (Number.isNaN(score)) { best = k; break; } // numpy: the first NaN wins
      if (score > bestScore) { bestScore = score; best = k; }
    }
    hard[i] = best;
  }
  return hard;
}
