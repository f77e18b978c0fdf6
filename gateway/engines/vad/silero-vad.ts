import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { batchedSileroModel } from './silero-batched-graph';
import { DEFAULT_VAD_PARAMS, speechSegments, VAD_SAMPLE_RATE, VAD_WINDOW, type VadParams } from './speech-segments';

/** A speech segment, in seconds. */
export interface SpeechSegment {
  start: number;
  end: number;
}

/** An opened silero model: `batched` when it is the re-laid-out graph (no `sr` input, 16 kHz only). */
export interface SileroModel {
  session: Pick<InferenceSession, 'run'>;
  batched: boolean;
}

// Silero v5 at 16 kHz takes each 512-sample window with the last 64 samples of the previous one
// in front of it, and carries a [2, B, 128] recurrent state.
const CONTEXT = 64;
const FRAME = CONTEXT + VAD_WINDOW;
const STATE = 128;
// Progress every 30 s of audio (938 windows of 32 ms).
const PROGRESS_WINDOWS = 938;

/**
 * How the audio is cut into lanes of one batch: each lane owns at least 60 s and starts 6 s early
 * from a zero state, its warm-up windows thrown away. The LSTM remembers for seconds: a lane that
 * starts mid-sentence with 3 s of warm-up moved a boundary by 128 ms in ten minutes of test speech;
 * with 6 s, every boundary stays within one 32 ms window of one sequential pass while the warm-up
 * costs 10% (test/gateway/engines/vad/silero-vad.test.ts, doc/performance.md).
 */
export interface LaneLayout {
  minLaneWindows: number;
  warmupWindows: number;
  maxLanes: number;
}
export const DEFAULT_LANES: LaneLayout = { minLaneWindows: 1875, warmupWindows: 188, maxLanes: 64 };

export interface VadProgress {
  processedSeconds: number;
  totalSeconds: number;
}
export type VadProgressListener = (progress: VadProgress) => void;

/**
 * Opens the silero VAD file re-laid out for batches (silero-batched-graph.ts); a file that is not
 * the v5 layout opens as it is, and is run the same way, only slower.
 */
export async function openSilero(path: string, options: InferenceSession.SessionOptions): Promise<SileroModel & { release(): Promise<void> }> {
  const bytes = readFileSync(path);
  let batched: Uint8Array | undefined;
  try {
    batched = batchedSileroModel(bytes);
  } catch {
    batched = undefined;
  }
  const session = await InferenceSession.create(batched ?? bytes, { graphOptimizationLevel: 'all', ...options });
  return { session, batched: batched !== undefined, release: () => session.release() };
}

/**
 * Speech probability of each 512-sample window of 16 kHz mono float32 audio. The audio is cut into
 * lanes that run side by side as one batch (one `session.run` per step for all lanes, each lane
 * with its own state); see LaneLayout. The last window is zero-padded. `signal` is checked between
 * steps, so a long file can be cancelled.
 */
export async function speechProbabilities(model: SileroModel, audio: Float32Array, signal?: AbortSignal, onProgress?: VadProgressListener, layout: LaneLayout = DEFAULT_LANES): Promise<Float32Array> {
  const windows = Math.ceil(audio.length / VAD_WINDOW);
  const lanes = Math.max(1, Math.min(layout.maxLanes, Math.floor(windows / layout.minLaneWindows)));
  const owned = Math.ceil(windows / lanes);
  // Lane b runs windows [first(b), first(b) + steps): its own part, after `warmupWindows` that
  // overlap the previous lane's end.
  const first = (lane: number): number => Math.max(0, lane * owned - layout.warmupWindows);
  const steps = Math.min(windows, owned + layout.warmupWindows);
  const probs = new Float32Array(windows);
  const extra: Record<string, Tensor> = model.batched ? {} : { sr: new Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []) };
  let state: Tensor = new Tensor('float32', new Float32Array(2 * lanes * STATE), [2, lanes, STATE]);
  let reported = 0;
  for (let step = 0; step < steps; step++) {
    signal?.throwIfAborted();
    const frames = new Float32Array(lanes * FRAME);
    for (let lane = 0; lane < lanes; lane++) {
      const from = (first(lane) + step) * VAD_WINDOW - CONTEXT;
      // Past the audio (the last lane may be short): zeros, whose result is dropped.
      if (from + CONTEXT >= audio.length) continue;
      // Context (the 64 samples before the window, zeros before the audio), then the window.
      frames.set(audio.subarray(Math.max(0, from), Math.min(audio.length, from + FRAME)), lane * FRAME + Math.max(0, -from));
    }
    const out = await model.session.run({ input: new Tensor('float32', frames, [lanes, FRAME]), state, ...extra });
    const p = out.output!.data as Float32Array;
    for (let lane = 0; lane < lanes; lane++) {
      // Only a lane's own part counts: its warm-up windows are the previous lane's.
      const w = first(lane) + step;
      if (w >= lane * owned && w < Math.min(windows, (lane + 1) * owned)) probs[w] = p[lane]!;
    }
    state = out.stateN as Tensor;
    const done = Math.min(windows, (step + 1) * lanes);
    if (onProgress && done - reported >= PROGRESS_WINDOWS && step + 1 < steps) {
      reported = done;
      onProgress({ processedSeconds: (done * VAD_WINDOW) / VAD_SAMPLE_RATE, totalSeconds: audio.length / VAD_SAMPLE_RATE });
    }
  }
  return probs;
}

/**
 * The same probabilities with one `session.run` per window, one state carried through the whole
 * audio: silero's own way, kept as the reference the lanes are checked and benchmarked against.
 */
export async function speechProbabilitiesPerWindow(model: SileroModel, audio: Float32Array, signal?: AbortSignal): Promise<Float32Array> {
  return speechProbabilities(model, audio, signal, undefined, { minLaneWindows: Infinity, warmupWindows: 0, maxLanes: 1 });
}

/** Speech segments (seconds) of 16 kHz mono float32 audio. Usable inside any worker that holds a session. */
export async function detectSpeech(model: SileroModel, audio: Float32Array, params: Partial<VadParams> = {}, signal?: AbortSignal, onProgress?: VadProgressListener): Promise<SpeechSegment[]> {
  const probs = await speechProbabilities(model, audio, signal, onProgress);
  const spans = speechSegments(probs, audio.length, { ...DEFAULT_VAD_PARAMS, ...params });
  return spans.map((s) => ({ start: s.start / VAD_SAMPLE_RATE, end: s.end / VAD_SAMPLE_RATE }));
}
