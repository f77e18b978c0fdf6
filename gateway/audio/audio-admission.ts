import { ConcurrencyGate } from '../http/concurrency-gate';

export interface AudioConcurrency {
  /** Requests decoding or transcribing at once. */
  running: number;
  /** Requests waiting for a turn; past it, 503 server_overloaded with Retry-After at once. */
  queued: number;
  /** Longest wait for a turn (then 503). */
  queueTimeoutMs: number;
}

/** Four decoded uploads of MAX_AUDIO_SECONDS (3 h: 690 MB each) at most in memory by default. */
export const AUDIO_CONCURRENCY: AudioConcurrency = { running: 4, queued: 64, queueTimeoutMs: 10 * 60_000 };

/**
 * The turn of an audio request, taken once the upload is on disk and the model checked, before
 * the decode (reliability.md §2: a bounded queue checked before the expensive work), so a burst
 * of long uploads cannot hold more decoded audio than `running` requests' worth.
 */
export function audioAdmission(limits: AudioConcurrency): ConcurrencyGate {
  return new ConcurrencyGate('audio', limits.running, limits.queued, limits.queueTimeoutMs, 'Audio transcription on this gateway');
}

const gates = new WeakMap<object, ConcurrencyGate>();

/**
 * The one audio gate of a gateway (keyed by its deps): transcriptions, translations and
 * diarizations share it, since each holds decoded audio in memory alike. Made on first use, so a
 * test can set the limits before the first request.
 */
export function sharedAudioAdmission(owner: object, limits: AudioConcurrency): ConcurrencyGate {
  let gate = gates.get(owner);
  if (!gate) gates.set(owner, (gate = audioAdmission(limits)));
  return gate;
}
