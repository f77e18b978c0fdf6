import type { SpeakerTurn, Transcript, TranscriptSegment, TranscriptWord } from '../../audio/transcript';

/**
 * Gives a transcript its speakers from the exclusive (one speaker at a time) diarization turns:
 * each word takes the speaker it overlaps most (the nearest turn when it overlaps none), and a
 * segment is split where the speaker changes between its words, as OpenAI's diarized_json does.
 * Segments without word times take the speaker they overlap most. Split segments carry their
 * words' text and no token ids (the engines' tokens do not map to words one to one).
 */
export function assignSpeakers(transcript: Transcript, turns: readonly SpeakerTurn[]): Transcript {
  const sorted = [...turns].filter((t) => t.end > t.start).sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return transcript;
  const segments = transcript.segments.flatMap((s) => splitBySpeaker(s, sorted));
  return { ...transcript, segments };
}

function splitBySpeaker(segment: TranscriptSegment, turns: readonly SpeakerTurn[]): TranscriptSegment[] {
  const words = segment.words ?? [];
  if (words.length === 0) return [{ ...segment, speaker: speakerAt(turns, segment.start, segment.end) }];
  const labelled: TranscriptWord[] = words.map((w) => ({ ...w, speaker: speakerAt(turns, w.start, w.end) }));
  const runs: TranscriptWord[][] = [];
  for (const w of labelled) {
    const run = runs[runs.length - 1];
    if (run && run[0]!.speaker === w.speaker) run.push(w);
    else runs.push([w]);
  }
  if (runs.length === 1) return [{ ...segment, speaker: runs[0]![0]!.speaker, words: labelled }];
  return runs.map((run, i) => ({
    ...segment,
    start: i === 0 ? segment.start : run[0]!.start,
    end: i === runs.length - 1 ? segment.end : run[run.length - 1]!.end,
    text: run.map((w) => w.word.trim()).join(' '),
    tokens: [],
    words: run,
    speaker: run[0]!.speaker,
  }));
}

/** The speaker of the turn overlapping [start, end] most; else of the nearest turn. */
export function speakerAt(turns: readonly SpeakerTurn[], start: number, end: number): string {
  let best: SpeakerTurn | undefined;
  let bestOverlap = 0;
  let nearest = turns[0]!;
  let nearestGap = Infinity;
  // Turns are sorted by start; those starting after `end` cannot overlap, only be nearest.
  for (let i = firstEndingAfter(turns, start); i < turns.length; i++) {
    const t = turns[i]!;
    const overlap = Math.min(end, t.end) - Math.max(start, t.start);
    if (overlap > bestOverlap) { bestOverlap = overlap; best = t; }
    if (t.start > end) { const gap = t.start - end; if (gap < nearestGap) { nearestGap = gap; nearest = t; } break; }
  }
  if (best) return best.speaker;
  const i = firstEndingAfter(turns, start) - 1;
  if (i >= 0 && start - turns[i]!.end < nearestGap) nearest = turns[i]!;
  return nearest.speaker;
}

/** Index of the first turn (by start) whose end is after `time`, by scanning back from a bisection. */
function firstEndingAfter(turns: readonly SpeakerTurn[], time: number): number {
  // Exclusive turns do not overlap, so their ends are sorted like their starts.
  let lo = 0;
  let hi = turns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid]!.end <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
