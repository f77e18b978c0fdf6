import type { LabTranscript } from '../../store/audio-lab-slice';
import type { ExportFormat } from '../../store/audio-lab-slice';

/**
 * The lab's exports, in the formats the gateway writes (gateway/audio/writers): SubRip with
 * `HH:MM:SS,mmm` and `[A] text` for a speaker, WebVTT with `<v A>`, RTTM as pyannote writes it,
 * plain text, and the gateway's JSON answer as it came.
 */
export function exportTranscript(t: LabTranscript, format: ExportFormat, uri = 'audio'): string {
  switch (format) {
    case 'txt': return `${t.text.trim()}\n`;
    case 'srt': return cues(t).map((s, i) => `${i + 1}\n${timestamp(s.start, ',')} --> ${timestamp(s.end, ',')}\n${s.speaker ? `[${s.speaker}] ` : ''}${oneLine(s.text)}\n`).join('\n');
    case 'vtt': return `WEBVTT\n\n${cues(t).map((s) => `${timestamp(s.start, '.')} --> ${timestamp(s.end, '.')}\n${s.speaker ? `<v ${escapeVtt(s.speaker)}>` : ''}${escapeVtt(oneLine(s.text))}\n`).join('\n')}`;
    case 'rttm': return rttm(t, uri);
    case 'json': return `${JSON.stringify(t.raw, null, 2)}\n`;
  }
}

export const EXPORT_TYPES: Record<ExportFormat, string> = { txt: 'text/plain', srt: 'application/x-subrip', vtt: 'text/vtt', rttm: 'text/plain', json: 'application/json' };

function rttm(t: LabTranscript, uri: string): string {
  // eslint-disable-next-line no-control-regex -- RTTM fields are space-separated: control characters go too
  const field = (v: string) => v.replace(/[\s\u0000-\u001f\u007f]+/g, '_');
  return [...t.segments]
    .filter((s) => s.speaker && s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((s) => `SPEAKER ${field(uri) || 'audio'} 1 ${s.start.toFixed(3)} ${(s.end - s.start).toFixed(3)} <NA> <NA> ${field(s.speaker!)} <NA> <NA>\n`)
    .join('');
}

/** `HH:MM:SS<sep>mmm`, rounded to the millisecond. */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(Math.floor(totalMs / 3_600_000), 2)}:${pad(Math.floor(totalMs / 60_000) % 60, 2)}:${pad(Math.floor(totalMs / 1000) % 60, 2)}${separator}${pad(totalMs % 1000, 3)}`;
}

function cues(t: LabTranscript) {
  return t.segments.filter((s) => s.text.trim() !== '').sort((a, b) => a.start - b.start);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The RTTM uri of a file name: its base name without the extension. */
export function uriOf(fileName: string | undefined): string {
  return (fileName ?? 'audio').replace(/\.[^.]*$/, '') || 'audio';
}
