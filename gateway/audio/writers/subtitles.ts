import type { Transcript, TranscriptSegment } from '../transcript';

/**
 * Plain text, SubRip and WebVTT bodies. SubRip writes `HH:MM:SS,mmm`, WebVTT `HH:MM:SS.mmm` after a
 * `WEBVTT` header. A segment with a speaker is labelled `[A] text` in SubRip and with a voice span
 * `<v A>text` in WebVTT (the WebVTT way to name a speaker).
 */

export function writeText(transcript: Transcript): string {
  return `${transcript.text.trim()}\n`;
}

export function writeSrt(transcript: Transcript, withSpeakers = false): string {
  return cues(transcript.segments).map((s, i) => {
    const text = oneCueText(s.text);
    const label = withSpeakers && s.speaker ? `[${s.speaker}] ` : '';
    return `${i + 1}\n${timestamp(s.start, ',')} --> ${timestamp(s.end, ',')}\n${label}${text}\n`;
  }).join('\n');
}

export function writeVtt(transcript: Transcript, withSpeakers = false): string {
  const body = cues(transcript.segments).map((s) => {
    const text = escapeVtt(oneCueText(s.text));
    const voice = withSpeakers && s.speaker ? `<v ${escapeVtt(s.speaker)}>` : '';
    return `${timestamp(s.start, '.')} --> ${timestamp(s.end, '.')}\n${voice}${text}\n`;
  });
  return `WEBVTT\n\n${body.join('\n')}`;
}

/** `HH:MM:SS<sep>mmm`, rounded to the millisecond; hours keep growing past 99. */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const s = Math.floor(totalMs / 1000) % 60;
  const m = Math.floor(totalMs / 60_000) % 60;
  const h = Math.floor(totalMs / 3_600_000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(ms, 3)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Segments with text, in time order; an empty segment would end a cue block early. */
function cues(segments: TranscriptSegment[]): TranscriptSegment[] {
  return segments.filter((s) => s.text.trim() !== '').sort((a, b) => a.start - b.start);
}

/** A blank line ends a cue in both formats, so line breaks inside a segment become spaces. */
function oneCueText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
