import { FRAMES_PER_CHUNK, LOCAL_SPEAKERS, WINDOW_SAMPLES } from './frame-grid';
import { fbankFrameCount } from './kaldi-fbank';

/** Fbank frames of one 10 s chunk. */
export const CHUNK_FBANK_FRAMES = fbankFrameCount(WINDOW_SAMPLES);

/**
 * Which of chunk c's 998 fbank rows feed the embedding of local speaker s (engines.md §2.6 step 3,
 * pyannote 3.0's ONNX embedding): the speaker's frames without overlap when more than
 * `minNumFrames` remain, else all its frames; segmentation frames map to fbank rows by nearest
 * neighbour, `src = floor(i·589/998)`. Null when the speaker is never active in the chunk.
 */
export function embeddingRows(segmentation: Uint8Array, chunk: number, speaker: number, minNumFrames: number): Uint8Array | null {
  const mask = new Uint8Array(FRAMES_PER_CHUNK);
  const clean = new Uint8Array(FRAMES_PER_CHUNK);
  let active = 0;
  let cleanCount = 0;
  for (let f = 0; f < FRAMES_PER_CHUNK; f++) {
    const base = (chunk * FRAMES_PER_CHUNK + f) * LOCAL_SPEAKERS;
    if (!segmentation[base + speaker]) continue;
    mask[f] = 1;
    active++;
    if (segmentation[base]! + segmentation[base + 1]! + segmentation[base + 2]! < 2) { clean[f] = 1; cleanCount++; }
  }
  if (active === 0) return null;
  const used = cleanCount > minNumFrames ? clean : mask;
  const rows = new Uint8Array(CHUNK_FBANK_FRAMES);
  for (let i = 0; i < CHUNK_FBANK_FRAMES; i++) rows[i] = used[Math.floor((i * FRAMES_PER_CHUNK) / CHUNK_FBANK_FRAMES)]!;
  return rows;
}

/** pyannote's `min_num_frames`: segmentation frames spanned by the embedding model's smallest input. */
export function minSegmentationFrames(minNumSamples: number): number {
  return Math.ceil((FRAMES_PER_CHUNK * minNumSamples) / WINDOW_SAMPLES);
}
