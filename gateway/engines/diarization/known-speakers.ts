import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudioFile } from '../../audio/decode-audio';
import { GatewayError } from '../../errors';

/** OpenAI's bounds for a known speaker's reference clip, in seconds. */
export const REFERENCE_MIN_SECONDS = 2;
export const REFERENCE_MAX_SECONDS = 10;

export interface KnownSpeaker {
  name: string;
  /** 16 kHz mono float32. */
  audio: Float32Array;
}

/**
 * Decodes `known_speaker_names[]` + `known_speaker_references[]` (data URLs of audio in any
 * accepted format) into clips for the diarization worker; a clip outside 2–10 s, or a list
 * mismatch, is a 400 naming the field.
 */
export async function decodeKnownSpeakers(names: readonly string[] = [], references: readonly string[] = [], signal?: AbortSignal): Promise<KnownSpeaker[]> {
  if (names.length !== references.length) {
    throw new GatewayError('invalid_speaker_reference', `known_speaker_names[] has ${names.length} entries and known_speaker_references[] ${references.length}: give one reference per name, in the same order.`, { param: 'known_speaker_references' });
  }
  if (names.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'passerelle-speakers-'));
  try {
    const out: KnownSpeaker[] = [];
    for (let i = 0; i < names.length; i++) out.push({ name: names[i]!, audio: await decodeReference(references[i]!, join(dir, `ref-${i}`), i, signal) });
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function decodeReference(dataUrl: string, path: string, index: number, signal?: AbortSignal): Promise<Float32Array> {
  const param = `known_speaker_references[${index}]`;
  const match = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/s.exec(dataUrl);
  if (!match) throw referenceError(param, 'is not a data URL (data:audio/wav;base64,…)');
  const bytes = match[2]!.includes(';base64') ? Buffer.from(match[3]!, 'base64') : percentDecoded(match[3]!, param);
  await writeFile(path, bytes);
  let decoded;
  try {
    decoded = await decodeAudioFile(path, { maxAudioSeconds: REFERENCE_MAX_SECONDS + 1, signal });
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'audio_too_long') throw referenceError(param, `lasts more than ${REFERENCE_MAX_SECONDS} s; a reference must last between ${REFERENCE_MIN_SECONDS} and ${REFERENCE_MAX_SECONDS} s`);
    throw referenceError(param, `is not usable audio (${err instanceof Error ? err.message : String(err)})`, err);
  }
  const seconds = decoded.durationSeconds;
  if (seconds < REFERENCE_MIN_SECONDS || seconds > REFERENCE_MAX_SECONDS) {
    throw referenceError(param, `lasts ${seconds.toFixed(2)} s; a reference must last between ${REFERENCE_MIN_SECONDS} and ${REFERENCE_MAX_SECONDS} s`);
  }
  return decoded.samples;
}

/** The bytes of a data URL without `;base64`: a bad `%` escape is the client's error (400), not a 500. */
function percentDecoded(text: string, param: string): Buffer {
  try {
    return Buffer.from(decodeURIComponent(text), 'latin1');
  } catch {
    throw referenceError(param, 'is not a valid data URL (a "%" escape is broken); send the audio as data:audio/wav;base64,…');
  }
}

function referenceError(param: string, reason: string, cause?: unknown): GatewayError {
  return new GatewayError('invalid_speaker_reference', `${param} ${reason}.`, { param, cause, hint: 'Send a clip of one person speaking alone, 2 to 10 s long, as a data URL: data:audio/wav;base64,<bytes>.' });
}
