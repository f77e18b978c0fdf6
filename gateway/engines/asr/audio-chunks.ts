/**
 * How long audio is cut for the NeMo encoders (their attention is O(T²): reference/engines.md §1.4
 * and §1.5 say 20–30 s). With silero VAD: speech segments merged into chunks of at most
 * `maxSeconds`, so every cut falls in a silence (and silence between chunks is not transcribed).
 * Without it: fixed windows that overlap, each keeping what starts in its own part.
 */
export interface AudioChunk {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** Results starting outside [keepFrom, keepTo) belong to the neighbouring window. */
  keepFrom: number;
  keepTo: number;
}

export interface Span {
  start: number;
  end: number;
}

/** Speech segments (seconds, in order) merged greedily into chunks of at most `maxSeconds`. */
export function chunksFromSpeech(speech: Span[], maxSeconds: number): AudioChunk[] {
  const merger = new ChunkMerger(maxSeconds);
  return [...speech.flatMap((s) => merger.push(s)), ...merger.end()];
}

/**
 * chunksFromSpeech one segment at a time, so chunks can be transcribed while VAD still scans the
 * rest: `push` returns the chunks a new segment closes, `end` the last one.
 */
export class ChunkMerger {
  private current: Span | undefined;

  constructor(private readonly maxSeconds: number) {}

  push(s: Span): AudioChunk[] {
    if (this.current && s.end - this.current.start <= this.maxSeconds) {
      this.current.end = s.end;
      return [];
    }
    const closed: AudioChunk[] = this.current ? [whole(this.current)] : [];
    const current = { ...s };
    // Speech longer than a chunk without a pause VAD could cut at: fixed pieces.
    while (current.end - current.start > this.maxSeconds) {
      closed.push(whole({ start: current.start, end: current.start + this.maxSeconds }));
      current.start += this.maxSeconds;
    }
    this.current = current;
    return closed;
  }

  end(): AudioChunk[] {
    const last = this.current;
    this.current = undefined;
    return last ? [whole(last)] : [];
  }
}

function whole(s: Span): AudioChunk {
  return { start: s.start, end: s.end, keepFrom: -Infinity, keepTo: Infinity };
}

/** Windows of `windowSeconds` overlapping by `overlapSeconds`; each keeps up to the middle of its overlaps. */
export function fixedWindows(durationSeconds: number, windowSeconds: number, overlapSeconds: number): AudioChunk[] {
  if (durationSeconds <= windowSeconds) return [{ start: 0, end: durationSeconds, keepFrom: -Infinity, keepTo: Infinity }];
  const step = windowSeconds - overlapSeconds;
  const chunks: AudioChunk[] = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(durationSeconds, start + windowSeconds);
    const last = end >= durationSeconds;
    chunks.push({ start, end, keepFrom: start === 0 ? -Infinity : start + overlapSeconds / 2, keepTo: last ? Infinity : start + step + overlapSeconds / 2 });
    if (last) return chunks;
  }
}
