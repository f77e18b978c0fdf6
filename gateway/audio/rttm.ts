import type { SpeakerTurn } from './transcript';

/**
 * Reading RTTM, the NIST diarization exchange format (engines.md §3.1), for DER scoring. One line
 * per speaker turn: `SPEAKER <uri> 1 <onset> <duration> <NA> <NA> <speaker> <NA> <NA>`, times in
 * seconds. Writing is writers/rttm.ts.
 */

/** Turns grouped by file id (RTTM column 2), in file order of first appearance. */
export type RttmFiles = Map<string, SpeakerTurn[]>;

/** Raised for a malformed RTTM line; the message names the line and what is wrong. */
export class RttmSyntaxError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`RTTM line ${line}: ${reason}. Each line needs 10 space-separated fields: SPEAKER <file> <channel> <onset> <duration> <NA> <NA> <speaker> <NA> <NA>.`);
    this.name = 'RttmSyntaxError';
  }
}

/** Parses RTTM text. Blank lines and `;;` comments are skipped; non-SPEAKER lines are ignored. */
export function parseRttm(text: string): RttmFiles {
  const files: RttmFiles = new Map();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';;')) return;
    const fields = line.split(/\s+/);
    if (fields[0] !== 'SPEAKER') return;
    if (fields.length < 8) throw new RttmSyntaxError(index + 1, `${fields.length} fields`);
    const start = Number(fields[3]);
    const duration = Number(fields[4]);
    if (!Number.isFinite(start) || start < 0) throw new RttmSyntaxError(index + 1, `onset "${fields[3]}" is not a time in seconds`);
    if (!Number.isFinite(duration) || duration < 0) throw new RttmSyntaxError(index + 1, `duration "${fields[4]}" is not a time in seconds`);
    const uri = fields[1]!;
    const turns = files.get(uri) ?? [];
    turns.push({ start, end: start + duration, speaker: fields[7]! });
    files.set(uri, turns);
  });
  return files;
}
