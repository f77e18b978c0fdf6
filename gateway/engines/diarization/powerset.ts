import { FRAMES_PER_CHUNK, LOCAL_SPEAKERS, POWERSET_CLASSES } from './frame-grid';

/**
 * Powerset classes of segmentation-3.0 (3 speakers, at most 2 at once), in pyannote's
 * `build_mapping` order: ∅, {0}, {1}, {2}, {0,1}, {0,2}, {1,2} (engines.md §2.3).
 */
export const POWERSET: readonly (readonly number[])[] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];

/**
 * Hard powerset → multilabel for `chunks` outputs of [589, 7] log-probabilities: argmax per frame
 * (first maximum on ties, as numpy), mapped to 0/1 per local speaker. Returns [chunks, 589, 3].
 */
export function powersetToMultilabel(logProbs: Float32Array, chunks: number): Uint8Array {
  const frames = chunks * FRAMES_PER_CHUNK;
  if (logProbs.length !== frames * POWERSET_CLASSES) {
    throw new Error(`segmentation output has ${logProbs.length} values; expected ${chunks}×${FRAMES_PER_CHUNK}×${POWERSET_CLASSES}`);
  }
  const out = new Uint8Array(frames * LOCAL_SPEAKERS);
  for (let f = 0; f < frames; f++) {
    let best = 0;
    let bestValue = logProbs[f * POWERSET_CLASSES]!;
    for (let k = 1; k < POWERSET_CLASSES; k++) {
      const v = logProbs[f * POWERSET_CLASSES + k]!;
      if (v > bestValue) { best = k; bestValue = v; }
    }
    for (const s of POWERSET[best]!) out[f * LOCAL_SPEAKERS + s] = 1;
  }
  return out;
}
