/**
 * The segmentation-3.0 sliding window and frame grid (engines.md §2.3–2.4, pyannote 3.3 semantics,
 * identical to sherpa-onnx): 10 s chunks every 1 s; 589 frames per chunk, frame g spans
 * [g·270, g·270 + 991) samples.
 */
export const SAMPLE_RATE = 16_000;
export const WINDOW_SAMPLES = 160_000;
/** 3.1's `segmentation_step = 0.1` of the window. */
export const STEP_SAMPLES = 16_000;
export const FRAMES_PER_CHUNK = 589;
export const LOCAL_SPEAKERS = 3;
export const POWERSET_CLASSES = 7;
export const FRAME_STEP_SAMPLES = 270;
export const FRAME_SIZE_SAMPLES = 991;

/** Start sample of every chunk: full chunks, plus a zero-padded last one when samples remain. */
export function chunkStarts(numSamples: number): number[] {
  if (numSamples < WINDOW_SAMPLES) return [0];
  const full = Math.floor((numSamples - WINDOW_SAMPLES) / STEP_SAMPLES) + 1;
  const starts = Array.from({ length: full }, (_, c) => c * STEP_SAMPLES);
  if ((numSamples - WINDOW_SAMPLES) % STEP_SAMPLES > 0) starts.push(full * STEP_SAMPLES);
  return starts;
}

/** Samples the audio is zero-padded to so that every chunk is whole. */
export function paddedLength(numChunks: number): number {
  return (numChunks - 1) * STEP_SAMPLES + WINDOW_SAMPLES;
}

/** Global index of chunk c's first frame: `closest_frame(c + ½·frame)` = rint(c·16000/270). */
export function chunkFirstFrame(chunk: number): number {
  return Math.round((chunk * STEP_SAMPLES) / FRAME_STEP_SAMPLES); // c·1600/27 is never x.5: no tie
}

/** Frames of the aggregated (whole-file) grid: rint((C + 9)·16000/270) + 1. */
export function globalFrameCount(numChunks: number): number {
  return roundHalfEven(((numChunks + 9) * STEP_SAMPLES) / FRAME_STEP_SAMPLES) + 1;
}

/** Middle of global frame g, in seconds. */
export function frameMiddleSeconds(frame: number): number {
  return (frame * FRAME_STEP_SAMPLES + FRAME_SIZE_SAMPLES / 2) / SAMPLE_RATE;
}

/** numpy's `rint` (ties to even), which pyannote uses for frame counts and speaker counts. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}
