import type { AudioResponseFormat, TimestampGranularity, TranscriptionUsage } from '../../contract/audio';
import type { Transcript } from '../transcript';
import { toDiarized, toJson, toVerbose } from './openai-json';
import { writeSrt, writeText, writeVtt } from './subtitles';

export interface RenderedResponse {
  contentType: string;
  body: string;
}

export interface RenderOptions {
  granularities?: TimestampGranularity[];
  usage?: TranscriptionUsage;
  /** Label SRT/VTT cues with their speaker (set when the request ran diarization). */
  withSpeakers?: boolean;
}

/** One transcript in the response format the client asked for, with its content type. */
export function renderTranscript(t: Transcript, format: AudioResponseFormat, options: RenderOptions = {}): RenderedResponse {
  switch (format) {
    case 'json':
      return json(toJson(t, options.usage));
    case 'verbose_json':
      return json(toVerbose(t, options.granularities, options.usage));
    case 'diarized_json':
      return json(toDiarized(t, options.usage));
    case 'text':
      return { contentType: 'text/plain; charset=utf-8', body: writeText(t) };
    case 'srt':
      return { contentType: 'application/x-subrip; charset=utf-8', body: writeSrt(t, options.withSpeakers) };
    case 'vtt':
      return { contentType: 'text/vtt; charset=utf-8', body: writeVtt(t, options.withSpeakers) };
  }
}

function json(value: unknown): RenderedResponse {
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}
