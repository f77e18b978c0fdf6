import type { TranscriptSegment } from '../../audio/transcript';
import type { VadParams } from '../vad/speech-segments';

/**
 * What the transcription service asks of a nemo-aed / nemo-tdt worker (typed arrays cross the IPC
 * channel as they are). One `transcribe` per chunk, so the service can stream segments and stop
 * between chunks; `speech` runs silero VAD in the same worker, from the silero-vad snapshot.
 */
export type AsrRequest =
  | { op: 'info' }
  | { op: 'transcribe'; audio: Float32Array; task: 'transcribe' | 'translate'; language: string; wordTimestamps: boolean }
  | { op: 'speech'; audio: Float32Array; vadModel: string; params: Partial<VadParams> };

/** What a loaded ASR model can do. */
export interface AsrInfo {
  engine: 'nemo-aed' | 'nemo-tdt';
  /** ISO 639-1 codes; null: the model does not say (any code is accepted). */
  languages: string[] | null;
  /** The language used when the request names none. */
  defaultLanguage: string;
  /** Speech translation to English (Canary). */
  translates: boolean;
  /** Word times come from the model (TDT frames, Canary timestamp tokens). */
  wordTimes: boolean;
  /** Longest chunk the encoder should take, seconds. */
  maxChunkSeconds: number;
}

export interface AsrChunkResult {
  /** Times in seconds from the chunk start. */
  segments: TranscriptSegment[];
  /** Milliseconds inside ONNX Runtime (encoder + decoder). */
  onnxMs: number;
  /** Milliseconds of the log-mel front end. */
  featuresMs: number;
}

export interface AsrSpeechResult {
  segments: Array<{ start: number; end: number }>;
  onnxMs: number;
}

/** An error the gateway answers with this code (worker-main.ts passes `code` through). */
export function asrError(code: 'unsupported_language' | 'unsupported_task' | 'invalid_request', message: string): Error {
  return Object.assign(new Error(message), { code });
}
