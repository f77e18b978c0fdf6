import type { SpeakerTurn } from '../transcript';

/**
 * RTTM, as pyannote.core writes it (`Annotation._iter_rttm`): one line per turn,
 * `SPEAKER {uri} 1 {start:.3f} {duration:.3f} <NA> <NA> {label} <NA> <NA>`. RTTM fields are
 * space-separated, so white space in the uri or a label becomes `_` (pyannote refuses them).
 */
export function writeRttm(turns: SpeakerTurn[], uri: string): string {
  const id = rttmField(uri) || 'audio';
  return [...turns]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((t) => t.end > t.start)
    .map((t) => `SPEAKER ${id} 1 ${t.start.toFixed(3)} ${(t.end - t.start).toFixed(3)} <NA> <NA> ${rttmField(t.speaker) || 'unknown'} <NA> <NA>\n`)
    .join('');
}

/** The uri of an uploaded file name: its base name without extension, made RTTM-safe. */
export function rttmUri(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  return rttmField(base.replace(/\.[^.]*$/, '')) || 'audio';
}

function rttmField(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, '_');
}
