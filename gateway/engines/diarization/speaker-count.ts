import { chunkFirstFrame, FRAMES_PER_CHUNK, globalFrameCount, LOCAL_SPEAKERS, roundHalfEven } from './frame-grid';

/**
 * Instantaneous speaker count per global frame (pyannote `speaker_count`): the number of active
 * local speakers averaged over the chunks covering the frame, rounded half to even, capped at
 * `maxSpeakers`. Frames no chunk covers count 0.
 */
export function speakerCount(segmentation: Uint8Array, numChunks: number, maxSpeakers = Infinity): Uint8Array {
  const frames = globalFrameCount(numChunks);
  const active = new Uint32Array(frames);
  const covering = new Uint32Array(frames);
  for (let c = 0; c < numChunks; c++) {
    const first = chunkFirstFrame(c);
    for (let f = 0; f < FRAMES_PER_CHUNK; f++) {
      const base = (c * FRAMES_PER_CHUNK + f) * LOCAL_SPEAKERS;
      const g = first + f;
      active[g] = active[g]! + segmentation[base]! + segmentation[base + 1]! + segmentation[base + 2]!;
      covering[g] = covering[g]! + 1;
    }
  }
  const count = new Uint8Array(frames);
  for (let g = 0; g < frames; g++) {
    if (covering[g] === 0) continue;
    count[g] = Math.min(roundHalfEven(active[g]! / covering[g]!), maxSpeakers);
  }
  return count;
}
