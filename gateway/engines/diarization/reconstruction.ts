import { chunkFirstFrame, FRAMES_PER_CHUNK, LOCAL_SPEAKERS } from './frame-grid';

/**
 * pyannote's `reconstruct` + `to_diarization` (engines.md §2.6 step 5): per chunk, each cluster's
 * activity is the max over the local speakers assigned to it; activities are summed over chunks on
 * the global frame grid; each frame keeps its `count` most active clusters (stable, ties to the
 * lower cluster). Returns binary [frames × clusters] with clusters ≥ max(count).
 */
export interface FrameActivity {
  frames: number;
  clusters: number;
  /** 0/1, row-major [frames × clusters]. */
  binary: Uint8Array;
}

export function reconstruct(segmentation: Uint8Array, hard: Int32Array, numChunks: number, count: Uint8Array): FrameActivity {
  const frames = count.length;
  let maxCount = 0;
  for (const c of count) maxCount = Math.max(maxCount, c);
  let assigned = 0;
  for (const k of hard) assigned = Math.max(assigned, k + 1);
  const clusters = Math.max(assigned, maxCount);
  const activation = new Float32Array(frames * clusters);
  for (let c = 0; c < numChunks; c++) addChunk(segmentation, hard, c, clusters, activation);
  const binary = new Uint8Array(frames * clusters);
  const order = new Int32Array(clusters);
  for (let g = 0; g < frames; g++) {
    if (count[g] === 0) continue;
    if (count[g] === 1) binary[g * clusters + argmax(activation, g * clusters, clusters)] = 1;
    else {
      topClusters(activation, g * clusters, clusters, order);
      for (let i = 0; i < count[g]!; i++) binary[g * clusters + order[i]!] = 1;
    }
  }
  return { frames, clusters, binary };
}

/** Adds chunk c's per-cluster activity (max over its local speakers) to the global sums. */
function addChunk(segmentation: Uint8Array, hard: Int32Array, c: number, clusters: number, activation: Float32Array): void {
  const first = chunkFirstFrame(c);
  for (let f = 0; f < FRAMES_PER_CHUNK; f++) {
    const base = (c * FRAMES_PER_CHUNK + f) * LOCAL_SPEAKERS;
    const row = (first + f) * clusters;
    // Clusters can hold two local speakers of one chunk; max, not sum, so activity stays 0/1.
    for (let s = 0; s < LOCAL_SPEAKERS; s++) {
      const k = hard[c * LOCAL_SPEAKERS + s]!;
      if (k < 0 || !segmentation[base + s]) continue;
      let counted = false;
      for (let t = 0; t < s; t++) if (hard[c * LOCAL_SPEAKERS + t] === k && segmentation[base + t]) counted = true;
      if (!counted) activation[row + k] = activation[row + k]! + 1;
    }
  }
}

/** Cluster indexes by descending activation, ties to the lower index. */
function topClusters(activation: Float32Array, offset: number, clusters: number, order: Int32Array): void {
  for (let k = 0; k < clusters; k++) order[k] = k;
  order.sort((a, b) => activation[offset + b]! - activation[offset + a]! || a - b);
}

function argmax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}
