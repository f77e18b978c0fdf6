import type { ChunkingStrategy } from '../../contract/audio';
import type { ModelLease } from '../../models/model-lease';
import type { VadParams } from '../vad/speech-segments';
import type { AsrSpeechResult } from './asr-request';
import { ChunkMerger, fixedWindows, type AudioChunk, type Span } from './audio-chunks';

/** Fixed windows overlap by this much when no VAD model is at hand. */
export const WINDOW_OVERLAP_SECONDS = 2;

export interface ChunkPlanInput {
  samples: Float32Array;
  durationSeconds: number;
  chunking: ChunkingStrategy | null;
  maxChunkSeconds: number;
  /** The silero VAD ONNX file (silero-vad preset or the entry's `vad` repo), when downloaded. */
  vadModel: string | null;
  signal: AbortSignal;
  /** VAD block length (VAD_BLOCK_SECONDS; tests make it short). */
  vadBlockSeconds?: number;
}

export interface ChunkPlan {
  /** In order. With VAD they come block by block as the scan goes: the first chunk is transcribed before the rest of the file is scanned. */
  chunks: AsyncIterable<AudioChunk>;
  method: 'single' | 'vad' | 'fixed';
  /** VAD time inside ONNX Runtime, final once `chunks` is exhausted. */
  onnxMs: number;
}

/**
 * Where to cut: one block when the audio fits and no server VAD was asked for; silero VAD in the
 * model's worker when its model is downloaded (`server_vad` knobs honoured); fixed windows otherwise.
 */
export async function planChunks(lease: ModelLease, input: ChunkPlanInput): Promise<ChunkPlan> {
  const serverVad = input.chunking !== null && input.chunking !== 'auto';
  if (input.durationSeconds <= input.maxChunkSeconds && !serverVad) return { chunks: listed(fixedWindows(input.durationSeconds, input.maxChunkSeconds, 0)), method: 'single', onnxMs: 0 };
  if (input.vadModel === null) return { chunks: listed(fixedWindows(input.durationSeconds, input.maxChunkSeconds, WINDOW_OVERLAP_SECONDS)), method: 'fixed', onnxMs: 0 };
  const params = { ...vadParams(input.chunking), maxSpeechSeconds: input.maxChunkSeconds };
  const plan: ChunkPlan = { chunks: listed([]), method: 'vad', onnxMs: 0 };
  const speech = speechInBlocks(lease, input.samples, input.vadModel, params, input.signal, input.vadBlockSeconds, (ms) => (plan.onnxMs += ms));
  plan.chunks = merged(speech, input.maxChunkSeconds);
  return plan;
}

async function* listed(chunks: AudioChunk[]): AsyncGenerator<AudioChunk> {
  yield* chunks;
}

async function* merged(speech: AsyncIterable<Span>, maxSeconds: number): AsyncGenerator<AudioChunk> {
  const merger = new ChunkMerger(maxSeconds);
  for await (const s of speech) yield* merger.push(s);
  yield* merger.end();
}

/** VAD runs on 10-minute blocks, so the worker never holds a second copy of a 3-hour upload. */
export const VAD_BLOCK_SECONDS = 600;
const RATE = 16_000;

/**
 * Speech segments of the whole audio, block by block (seconds, in order), each as soon as it is
 * final. A segment that runs into the end of a block and one that starts the next block are one
 * segment cut by the block edge: they are joined again, so a block's last segment waits for the next.
 */
export async function* speechInBlocks(lease: Pick<ModelLease, 'run'>, samples: Float32Array, vadModel: string, params: Partial<VadParams>, signal: AbortSignal, blockSeconds = VAD_BLOCK_SECONDS, onOnnxMs?: (ms: number) => void): AsyncGenerator<Span> {
  const block = blockSeconds * RATE;
  let held: Span | undefined;
  for (let from = 0; from < samples.length; from += block) {
    signal.throwIfAborted();
    const audio = samples.slice(from, Math.min(samples.length, from + block));
    const found = (await lease.run({ op: 'speech', audio, vadModel, params }, { signal })) as AsrSpeechResult;
    onOnnxMs?.(found.onnxMs);
    const edge = from / RATE;
    for (const [i, s] of found.segments.entries()) {
      const seg = { start: edge + s.start, end: edge + s.end };
      if (i === 0 && held && edge - held.end < EDGE_SECONDS && s.start < EDGE_SECONDS) {
        held.end = seg.end;
        continue;
      }
      if (held) yield held;
      held = seg;
    }
  }
  if (held) yield held;
}

/** How close to a block edge a segment must end or start to be taken as cut by it. */
const EDGE_SECONDS = 0.1;

/** OpenAI's server_vad knobs in silero's terms. */
export function vadParams(chunking: ChunkingStrategy | null): Partial<VadParams> {
  if (chunking === null || chunking === 'auto') return {};
  return {
    // Silero needs a threshold strictly between 0 and 1; OpenAI allows both ends.
    ...(chunking.threshold !== undefined ? { threshold: Math.min(0.99, Math.max(0.01, chunking.threshold)) } : {}),
    ...(chunking.silence_duration_ms !== undefined ? { minSilenceMs: chunking.silence_duration_ms } : {}),
    ...(chunking.prefix_padding_ms !== undefined ? { speechPadMs: chunking.prefix_padding_ms } : {}),
  };
}
