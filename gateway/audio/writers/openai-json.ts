import { deflateSync } from 'node:zlib';
import type {
  TimestampGranularity, TranscriptionDiarized, TranscriptionDiarizedSegment, TranscriptionJson, TranscriptionSegment,
  TranscriptionUsage, TranscriptionVerbose, TranscriptStreamEvent,
} from '../../contract/audio';
import { transcriptWords, type Transcript, type TranscriptSegment } from '../transcript';
import { languageName } from './language-names';

/** OpenAI's JSON bodies of a transcription (`json`, `verbose_json`, `diarized_json`) and its stream events. */

export function toJson(t: Transcript, usage?: TranscriptionUsage): TranscriptionJson {
  return { text: t.text, ...(usage ? { usage } : {}) };
}

/**
 * `verbose_json`: segments unless only words were asked for, words only when asked for
 * (timestamp_granularities[] = word), as OpenAI does.
 */
export function toVerbose(t: Transcript, granularities: TimestampGranularity[] = ['segment'], usage?: TranscriptionUsage): TranscriptionVerbose {
  const wantSegments = granularities.length === 0 || granularities.includes('segment');
  const wantWords = granularities.includes('word');
  return {
    task: t.task,
    language: languageName(t.language),
    duration: round3(t.durationSeconds),
    text: t.text,
    ...(wantSegments ? { segments: t.segments.map(verboseSegment) } : {}),
    ...(wantWords ? { words: transcriptWords(t).map((w) => ({ word: w.word, start: round3(w.start), end: round3(w.end), ...(w.speaker ? { speaker: w.speaker } : {}) })) } : {}),
    ...(usage ? { usage } : {}),
  };
}

export function toDiarized(t: Transcript, usage?: TranscriptionUsage): TranscriptionDiarized {
  return { task: 'transcribe', duration: round3(t.durationSeconds), text: t.text, segments: t.segments.map(diarizedSegment), ...(usage ? { usage } : {}) };
}

export function diarizedSegment(s: TranscriptSegment, index: number): TranscriptionDiarizedSegment {
  return { type: 'transcript.text.segment', id: `seg_${index}`, start: round3(s.start), end: round3(s.end), text: ` ${s.text.trim()}`, speaker: s.speaker ?? 'A' };
}

/**
 * The events of `stream=true` for a finished transcript, in order: a delta per segment (with its
 * `segment_id` when diarized), a segment event per segment when diarized, then `done`.
 */
export function streamEvents(t: Transcript, diarized: boolean, usage?: TranscriptionUsage): TranscriptStreamEvent[] {
  const events: TranscriptStreamEvent[] = [];
  t.segments.forEach((s, i) => {
    const delta = i === 0 ? s.text.trim() : ` ${s.text.trim()}`;
    events.push({ type: 'transcript.text.delta', delta, ...(diarized ? { segment_id: `seg_${i}` } : {}) });
    if (diarized) events.push(diarizedSegment(s, i));
  });
  events.push({ type: 'transcript.text.done', text: t.text, ...(usage ? { usage } : {}), ...(diarized ? { segments: t.segments.map(diarizedSegment) } : {}) });
  return events;
}

function verboseSegment(s: TranscriptSegment, index: number): TranscriptionSegment {
  const text = ` ${s.text.trim()}`;
  return {
    id: index,
    seek: Math.floor(s.start * 100),
    start: round3(s.start),
    end: round3(s.end),
    text,
    tokens: s.tokens,
    temperature: s.temperature ?? 0,
    avg_logprob: s.avgLogprob ?? 0,
    compression_ratio: compressionRatio(text),
    no_speech_prob: s.noSpeechProb ?? 0,
  };
}

/** Whisper's heuristic: UTF-8 bytes over zlib-compressed bytes (high means repetitive text). */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return round3(bytes.length / deflateSync(bytes, { level: 9 }).length);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
