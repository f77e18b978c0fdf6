import type { Response } from 'express';
import type { TranscriptionUsage } from '../contract/audio';

/** Where the time of one transcription went, for `usage`, the response headers and the log. */
export interface TranscriptionTiming {
  audioSeconds: number;
  decodeMs: number;
  transcribeMs: number;
}

export function timingUsage(t: TranscriptionTiming): TranscriptionUsage {
  const processing = (t.decodeMs + t.transcribeMs) / 1000;
  return {
    type: 'duration',
    // OpenAI bills whole seconds.
    seconds: Math.ceil(t.audioSeconds),
    audio_seconds: round(t.audioSeconds, 3),
    processing_seconds: round(processing, 3),
    real_time_factor: t.audioSeconds > 0 ? round(processing / t.audioSeconds, 4) : 0,
  };
}

/** `Server-Timing` (browsers' devtools show it) and the same figures as plain headers, for text/SRT/VTT answers. */
export function setTimingHeaders(res: Response, t: TranscriptionTiming): void {
  const usage = timingUsage(t);
  res.setHeader('Server-Timing', `decode;dur=${t.decodeMs.toFixed(1)}, transcribe;dur=${t.transcribeMs.toFixed(1)}`);
  res.setHeader('X-Passerelle-Audio-Seconds', String(usage.audio_seconds));
  res.setHeader('X-Passerelle-Processing-Seconds', String(usage.processing_seconds));
  res.setHeader('X-Passerelle-Real-Time-Factor', String(usage.real_time_factor));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
