import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterEmbeddings } from '../../../../gateway/engines/diarization/agglomerative-clustering';
import { centroidLinkage } from '../../../../gateway/engines/diarization/centroid-linkage';
import { flatClusters } from '../../../../gateway/engines/diarization/flat-clusters';
import { clusterBounds, clusterSpeakers } from '../../../../gateway/engines/diarization/speaker-clustering';

interface Reference { n: number; dim: number; points: number[]; Z: number[][]; fcluster: Record<string, number[]> }
// Produced by scipy 1.17 (test/fixtures/diarization/make-linkage-reference.py).
const references = JSON.parse(readFileSync(new URL('../../../fixtures/diarization/linkage-reference.json', import.meta.url), 'utf8')) as Reference[];

describe('centroid linkage and flat clusters (scipy parity)', () => {
  it.each(references.map((r) => [r.n, r] as const))('n=%i: same merges, heights and fcluster labels as scipy', (_, ref) => {
    const z = centroidLinkage(Float64Array.from(ref.points), ref.n, ref.dim);
    ref.Z.forEach(([a, b, h, size], k) => {
      expect([z.left[k], z.right[k], z.size[k]]).toEqual([a, b, size]);
      expect(z.height[k]).toBeCloseTo(h!, 10);
    });
    for (const [t, labels] of Object.entries(ref.fcluster)) expect(Array.from(flatClusters(z, Number(t)))).toEqual(labels);
  });

  it('meets inversions in the reference data (centroid linkage is not monotonic)', () => {
    const inversions = references.filter((r) => r.Z.some((row, k) => k > 0 && row[2]! < r.Z[k - 1]![2]!));
    expect(inversions.length).toBeGreaterThan(0);
  });
});

/** `groups` of `size` noisy unit vectors around orthogonal directions. */
function groups(sizes: number[], dim = 16, noise = 0.05): Float64Array {
  let seed = 11;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5);
  const rows: number[] = [];
  sizes.forEach((size, g) => {
    for (let i = 0; i < size; i++) for (let d = 0; d < dim; d++) rows.push((d === g ? 1 : 0) + noise * rand());
  });
  return Float64Array.from(rows);
}

const PARAMS = { threshold: 0.7045654963945799, minClusterSize: 12 };

describe('pyannote AgglomerativeClustering', () => {
  it('finds well separated speakers with the 3.1 threshold', () => {
    const labels = clusterEmbeddings(groups([30, 30, 30]), 90, 16, { minClusters: 1, maxClusters: 90 }, PARAMS);
    expect(new Set(labels).size).toBe(3);
    expect(labels[0]).not.toBe(labels[30]);
    expect(new Set(labels.slice(0, 30)).size).toBe(1);
  });

  it('folds a cluster smaller than min_cluster_size into the closest large one', () => {
    // 40 + 40 + 3: mcs = min(12, round(8.3)) = 8, so the 3 stragglers join a large cluster.
    const labels = clusterEmbeddings(groups([40, 40, 3]), 83, 16, { minClusters: 1, maxClusters: 83 }, PARAMS);
    expect(new Set(labels).size).toBe(2);
  });

  it('forces the count into [min, max] by cutting the dendrogram elsewhere', () => {
    const four = groups([20, 20, 20, 20]);
    expect(new Set(clusterEmbeddings(four, 80, 16, { minClusters: 1, maxClusters: 2 }, PARAMS)).size).toBe(2);
    expect(new Set(clusterEmbeddings(four, 80, 16, { minClusters: 2, maxClusters: 2, numClusters: 2 }, PARAMS)).size).toBe(2);
    const one = groups([60], 16, 0.2);
    expect(new Set(clusterEmbeddings(one, 60, 16, { minClusters: 1, maxClusters: 60 }, PARAMS)).size).toBe(1);
  });

  it('turns speaker hints into cluster bounds as the 3.1 pipeline does', () => {
    expect(clusterBounds({}, 50)).toEqual({ minClusters: 1, maxClusters: 50 });
    expect(clusterBounds({ numSpeakers: 3 }, 50)).toEqual({ minClusters: 3, maxClusters: 3, numClusters: 3 });
    expect(clusterBounds({ minSpeakers: 2, maxSpeakers: 4 }, 50)).toEqual({ minClusters: 2, maxClusters: 4 });
    expect(clusterBounds({ maxSpeakers: 9 }, 5)).toEqual({ minClusters: 1, maxClusters: 5 });
    expect(() => clusterBounds({ minSpeakers: 4, maxSpeakers: 2 }, 50)).toThrow(/min_speakers/);
  });
});

describe('clusterSpeakers (filter, cluster, assign)', () => {
  it('assigns every active (chunk, speaker), marks inactive ones −2, and skips NaN embeddings for training', () => {
    const numChunks = 40;
    const dim = 16;
    const seg = new Uint8Array(numChunks * 589 * 3);
    const embeddings = new Float32Array(numChunks * 3 * dim).fill(Number.NaN);
    const unit = groups([numChunks, numChunks], dim);
    for (let c = 0; c < numChunks; c++) {
      for (let f = 0; f < 589; f++) { seg[(c * 589 + f) * 3] = 1; seg[(c * 589 + f) * 3 + 1] = f < 100 ? 1 : 0; }
      embeddings.set(unit.subarray(c * dim, (c + 1) * dim), (c * 3) * dim);
      if (c !== 5) embeddings.set(unit.subarray((numChunks + c) * dim, (numChunks + c + 1) * dim), (c * 3 + 1) * dim);
    }
    const { hard, centroids } = clusterSpeakers({ embeddings, dim, numChunks, segmentation: seg, bounds: {}, params: PARAMS, maxTrainEmbeddings: 1000 });
    expect(centroids).toHaveLength(2);
    expect(hard[2]).toBe(-2); // local speaker 2 never speaks
    expect(hard[0]).not.toBe(hard[1]);
    for (let c = 0; c < numChunks; c++) {
      expect(hard[c * 3]).toBe(hard[0]);
      if (c !== 5) expect(hard[c * 3 + 1]).toBe(hard[1]);
    }
    expect(hard[5 * 3 + 1]).toBe(0); // active but NaN: numpy's argmax of NaN is 0
  });
});
