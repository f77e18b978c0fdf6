import type { ChunkingStrategy } from '../contract/audio';
import type { DecodedAudio } from './decoded-audio';
import type { Transcript, TranscriptSegment } from './transcript';

/**
 * What the audio routes ask of the engines. The model manager side implements it: it finds the
 * model (404 model_not_found, 400 wrong_model_task), loads it if lazy loading is on (503
 * model_loading with Retry-After otherwise), checks the language (400 unsupported_language) and
 * the task (400 unsupported_task: translation on a model that only transcribes), cuts long audio
 * (VAD or fixed windows, per `chunking`) and returns the transcript with chunk offsets added back.
 * It stops between chunks once `signal` aborts. Diarization is not its job: the route runs it beside
 * the transcription (gateway/engines/diarization/transcript-diarization.ts) and labels the result.
 */
export interface TranscriptionService {
  transcribe(request: TranscriptionRequest): Promise<Transcript>;
  /**
   * Throws what transcribe would for a model that is not a transcription model (404
   * model_not_found, 400 wrong_model_task), at once: the route asks before it decodes the upload.
   */
  checkModel?(model: string): void;
}

export interface TranscriptionRequest {
  task: 'transcribe' | 'translate';
  /** The catalog key the client named. */
  model: string;
  audio: DecodedAudio;
  /** ISO 639-1 source language; absent: the model's default or its own detection. */
  language?: string;
  /** Accepted for compatibility; engines without prompting ignore it (doc/api.md says which). */
  prompt?: string;
  /** 0 = greedy decoding, which the NeMo engines always do. */
  temperature: number;
  /** Word times are needed (timestamp_granularities[] includes `word`, or speakers are assigned per word). */
  wordTimestamps: boolean;
  /** null: the service's default (VAD when the model is available, else fixed windows). */
  chunking: ChunkingStrategy | null;
  signal: AbortSignal;
  /** Called as each segment is final, in order (streaming responses send it on at once). */
  onSegment?: (segment: TranscriptSegment) => void;
}
