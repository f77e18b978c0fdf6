import type { TranscriptSegment, TranscriptWord } from '../../audio/transcript';
import { detokenize, isControlToken } from './vocab';

/** A text token with its time (seconds from the chunk start) and the decoder's log-probability. */
export interface TimedToken {
  id: number;
  text: string;
  start: number;
  end: number;
  logprob: number;
}

interface Word {
  tokens: TimedToken[];
  start: number;
  end: number;
}

const isPunctuation = (text: string): boolean => !/[\p{L}\p{N}]/u.test(text);

/**
 * Words: a word starts at a token beginning with `▁`; its times run from its first token's start
 * to its last token's end, punctuation taking the time of the token before it (NeMo's
 * `_refine_timestamps_tdt`).
 */
function words(tokens: TimedToken[]): Word[] {
  const out: Word[] = [];
  for (const t of tokens) {
    if (isControlToken(t.text)) continue;
    const last = out.at(-1);
    if (last === undefined || t.text.startsWith('▁')) out.push({ tokens: [t], start: t.start, end: t.end });
    else {
      last.tokens.push(t);
      if (!isPunctuation(t.text)) last.end = Math.max(last.end, t.end);
    }
  }
  return out;
}

/** Segments split after words ending in `.`, `?` or `!` (NeMo `get_segment_offsets`), each with its words. */
export function segmentsOfTokens(tokens: TimedToken[]): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let current: Word[] = [];
  const flush = (): void => {
    if (current.length > 0) segments.push(segment(current));
    current = [];
  };
  for (const w of words(tokens)) {
    current.push(w);
    if (/[.?!]$/.test(wordText(w))) flush();
  }
  flush();
  return segments;
}

function wordText(w: Word): string {
  return detokenize(w.tokens.map((t) => t.text));
}

function segment(ws: Word[]): TranscriptSegment {
  const tokens = ws.flatMap((w) => w.tokens);
  const wordsOut: TranscriptWord[] = ws.map((w) => ({ word: wordText(w), start: w.start, end: w.end }));
  return {
    start: ws[0]!.start,
    end: ws.at(-1)!.end,
    text: detokenize(tokens.map((t) => t.text)),
    tokens: tokens.map((t) => t.id),
    words: wordsOut,
    avgLogprob: tokens.reduce((s, t) => s + t.logprob, 0) / tokens.length,
    noSpeechProb: 0,
    temperature: 0,
  };
}

/** One segment over the whole chunk, for models without times (canary-1b-v2): no words. */
export function chunkSegment(tokens: TimedToken[], durationSeconds: number): TranscriptSegment[] {
  const text = tokens.filter((t) => !isControlToken(t.text));
  if (text.length === 0) return [];
  return [{
    start: 0, end: durationSeconds, text: detokenize(text.map((t) => t.text)), tokens: text.map((t) => t.id),
    avgLogprob: text.reduce((s, t) => s + t.logprob, 0) / text.length, noSpeechProb: 0, temperature: 0,
  }];
}
