import { TranscriptionForm } from '../contract/audio';
import { GatewayError } from '../errors';
import { parse } from '../http/typed-route';
import type { DecodedAudio } from './decoded-audio';
import type { FormFields } from './multipart-intake';
import type { TranscriptionRequest } from './transcription-service';

const TRANSLATION_FORMATS = ['json', 'text', 'srt', 'vtt', 'verbose_json'];

/** The form of a transcription or translation, validated (400 naming the field otherwise). */
export function parseTranscriptionForm(fields: FormFields, task: 'transcribe' | 'translate'): TranscriptionForm {
  const form = parse(TranscriptionForm, fields, 'form');
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

export function toTranscriptionRequest(form: TranscriptionForm, task: 'transcribe' | 'translate', audio: DecodedAudio, signal: AbortSignal): TranscriptionRequest {
  return {
    task,
    model: form.model,
    audio,
    ...(form.language ? { language: form.language.slice(0, 2).toLowerCase() } : {}),
    ...(form.prompt ? { prompt: form.prompt } : {}),
    temperature: form.temperature ?? 0,
    wordTimestamps: form.timestamp_granularities?.includes('word') ?? false,
    chunking: form.chunking_strategy ?? null,
    signal,
  };
}
