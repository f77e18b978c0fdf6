import { TranscriptionForm } from '../contract/audio';
import { GatewayError } from '../errors';
import { parse } from '../http/typed-route';
import type { DecodedAudio } from './decoded-audio';
import type { FormFields } from './multipart-intake';
import type { TranscriptionRequest } from './transcription-service';

const TRANSLATION_FORMATS = ['json', 'text', 'srt', 'vtt', 'verbose_json'];

/** The form of a transcription or translation, validated (400 naming the field otherwise). */
export function parseTranscriptionForm(fields: FormFields, task: 'transcribe' | 'translate'): TranscriptionForm {
  const form = parse(TranscriptionForm, foldChunkingStrategy(fields), 'form');
  if (task === 'translate' && !TRANSLATION_FORMATS.includes(form.response_format)) {
    throw new GatewayError('unsupported_response_format', `Translations are returned as ${TRANSLATION_FORMATS.join(', ')}, not ${form.response_format}.`, { param: 'response_format', hint: 'Use /v1/audio/transcriptions for diarized_json.' });
  }
  const names = form.known_speaker_names ?? [];
  const references = form.known_speaker_references ?? [];
  if (names.length !== references.length) {
    throw new GatewayError('invalid_speaker_reference', `${names.length} known_speaker_names[] but ${references.length} known_speaker_references[] were given; they pair up by position.`, { param: 'known_speaker_references', hint: 'Send one data URL of 2–10 s of audio per name, in the same order.' });
  }
  const { min_speakers: min, max_speakers: max } = form;
  if (min !== undefined && max !== undefined && min > max) {
    throw new GatewayError('invalid_request', `min_speakers (${min}) is above max_speakers (${max}).`, { param: 'min_speakers' });
  }
  return form;
}

const CHUNKING_PART = /^chunking_strategy\[(\w+)\]$/;

/**
 * The official SDKs send an object form field as bracketed parts (`chunking_strategy[type]=server_vad`,
 * `chunking_strategy[threshold]=0.5`); curl users send its JSON. Both become the JSON form here.
 */
function foldChunkingStrategy(fields: FormFields): FormFields {
  const parts = Object.entries(fields).filter(([name]) => CHUNKING_PART.test(name));
  if (parts.length === 0) return fields;
  const folded: FormFields = Object.fromEntries(Object.entries(fields).filter(([name]) => !CHUNKING_PART.test(name)));
  const object = Object.fromEntries(parts.map(([name, value]) => {
    const key = CHUNKING_PART.exec(name)![1]!;
    const text = Array.isArray(value) ? value[value.length - 1]! : value;
    // Numbers travel as text in a form; a non-number becomes null and fails validation by name.
    return [key, key === 'type' ? text : Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : null];
  }));
  folded.chunking_strategy = JSON.stringify(object);
  return folded;
}

export function toTranscriptionRequest(form: TranscriptionForm, task: 'transcribe' | 'translate', audio: DecodedAudio, signal: AbortSignal): TranscriptionRequest {
  return {
    task,
    model: form.model,
    audio,
    // The primary subtag (`en-US` → `en`); a three-letter code stays whole, to be refused by name
    // (cutting it made `spa` into `sp` and `deu` into `de`).
    ...(form.language ? { language: form.language.split(/[-_]/)[0]!.toLowerCase() } : {}),
    ...(form.prompt ? { prompt: form.prompt } : {}),
    temperature: form.temperature ?? 0,
    wordTimestamps: form.timestamp_granularities?.includes('word') ?? false,
    chunking: form.chunking_strategy ?? null,
    signal,
  };
}
