import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { DEFAULT_VAD_PARAMS, speechSegments, VAD_SAMPLE_RATE, VAD_WINDOW, type VadParams } from './speech-segments';

/** A speech segment, in seconds. */
export interface SpeechSegment {
  start: number;
  end: number;
}

// Silero v5 at 16 kHz takes each 512-sample window with the last 64 samples of the previous one
// in front of it, and carries a [2, 1, 128] recurrent state.
const CONTEXT = 64;
const STATE_SIZE = 2 * 1 * 128;
// Progress every 30 s of audio (938 windows of 32 ms).
const PROGRESS_WINDOWS = 938;

export interface VadProgress {
  processedSeconds: number;
  totalSeconds: number;
}
export type VadProgressListener = (progress: VadProgress) => void;

/**
 * Speech probability of each 512-sample window of 16 kHz mono float32 audio, with the silero VAD
 * ONNX model (inputs `input`, `state`, `sr`; outputs `output`, `stateN`). The last window is
 * zero-padded. `signal` is checked between windows, so a long file can be cancelled.
 */
export async function speechProbabilities(session: InferenceSession, audio: Float32Array, signal?: AbortSignal, onProgress?: VadProgressListener): Promise<Float32Array> {
  const windows = Math.ceil(audio.length / VAD_WINDOW);
  const probs = new Float32Array(windows);
  const sr = new Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  let state: Tensor = new Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
  const frame = new Float32Array(CONTEXT + VAD_WINDOW);
  for (let w = 0; w < windows; w++) {
    signal?.throwIfAborted();
    if (onProgress && w > 0 && w % PROGRESS_WINDOWS === 0) onProgress({ processedSeconds: (w * VAD_WINDOW) / VAD_SAMPLE_RATE, totalSeconds: audio.length / VAD_SAMPLE_RATE });
    // Context (end of the previous frame), then this window (zero-padded at the end of the audio).
    frame.copyWithin(0, VAD_WINDOW, VAD_WINDOW + CONTEXT);
    if (w === 0) frame.fill(0, 0, CONTEXT);
    frame.fill(0, CONTEXT);
    frame.set(audio.subarray(w * VAD_WINDOW, (w + 1) * VAD_WINDOW), CONTEXT);
    const input = new Tensor('float32', frame.slice(), [1, CONTEXT + VAD_WINDOW]);
    const out = await session.run({ input, state, sr });
    probs[w] = (out.output!.data as Float32Array)[0]!;
    state = out.stateN as Tensor;
  }
  return probs;
}

/** Speech segments (seconds) of 16 kHz mono float32 audio. Usable inside any worker that holds a session. */
export async function detectSpeech(session: InferenceSession, audio: Float32Array, params: Partial<VadParams> = {}, signal?: AbortSignal, onProgress?: VadProgressListener): Promise<SpeechSegment[]> {
  const probs = await speechProbabilities(session, audio, signal, onProgress);
  const spans = speechSegments(probs, audio.length, { ...DEFAULT_VAD_PARAMS, ...params });
  return spans.map((s) => ({ start: s.start / VAD_SAMPLE_RATE, end: s.end / VAD_SAMPLE_RATE }));
}
