import type { ChunkingStrategy } from '../../contract/audio';
import type { ModelLease } from '../../models/model-lease';
import type { VadParams } from '../vad/speech-segments';
import type { AsrSpeechResult } from './asr-request';
import { chunksFromSpeech, fixedWindows, type AudioChunk } from './audio-chunks';

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
}

export interface ChunkPlan {
  chunks: AudioChunk[];
  method: 'single' | 'vad' | 'fixed';
  onnxMs: number;
}

/**
 * Where to cut: one block when the audio fits and no server VAD was asked for; silero VAD in the
 * model's worker when its model is downloaded (`server_vad` knobs honoured); fixed windows otherwise.
 */
export async function planChunks(lease: ModelLease, input: ChunkPlanInput): Promise<ChunkPlan> {
  const serverVad = input.chunking !== null && input.chunking !== 'auto';
  if (input.durationSeconds <= input.maxChunkSeconds && !serverVad) return { chunks: fixedWindows(input.durationSeconds, input.maxChunkSeconds, 0), method: 'single', onnxMs: 0 };
  if (input.vadModel === null) return { chunks: fixedWindows(input.durationSeconds, input.maxChunkSeconds, WINDOW_OVERLAP_SECONDS), method: 'fixed', onnxMs: 0 };
  const params = { ...vadParams(input.chunking), maxSpeechSeconds: input.maxChunkSeconds };
  const speech = await speechInBlocks(lease, input.samples, input.vadModel, params, input.signal);
  return { chunks: chunksFromSpeech(speech.segments, input.maxChunkSeconds), method: 'vad', onnxMs: speech.onnxMs };
}

/** VAD runs on 10-minute blocks, so the worker never holds a second copy of a 3-hour upload. */
export const VAD_BLOCK_SECONDS = 600;
const RATE = 16_000;

/**
 * Speech segments of the whole audio, block by block (seconds, in order). A segment that runs into
 * the end of a block and one that starts the next block are one segment cut by the block edge:
 * they are joined again.
 */
export async function speechInBlocks(lease: Pick<ModelLease, 'run'>, samples: Float32Array, vadModel: string, params: Partial<VadParams>, signal: AbortSignal, blockSeconds = VAD_BLOCK_SECONDS): Promise<AsrSpeechResult> {
  const block = blockSeconds * RATE;
  const segments: Array<{ start: number; end: number }> = [];
  let onnxMs = 0;
  for (let from = 0; from < samples.length; from += block) {
    signal.throwIfAborted();
    const audio = samples.slice(from, Math.min(samples.length, from + block));
    const found = (await lease.run({ op: 'speech', audio, vadModel, params }, { signal })) as AsrSpeechResult;
    onnxMs += found.onnxMs;
    const edge = from / RATE;
    for (const [i, s] of found.segments.entries()) {
      const last = segments.at(-1);
      const seg = { start: edge + s.start, end: edge + s.end };
      if (i === 0 && last && edge - last.end < EDGE_SECONDS && s.start < EDGE_SECONDS) last.end = seg.end;
      else segments.push(seg);
    }
  }
  return { segments, onnxMs };
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
