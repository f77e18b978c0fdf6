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
  const chunks: AudioChunk[] = [];
  let current: Span | undefined;
  for (const s of speech) {
    if (current && s.end - current.start <= maxSeconds) {
      current.end = s.end;
      continue;
    }
    if (current) chunks.push(whole(current));
    current = { ...s };
    // Speech longer than a chunk without a pause VAD could cut at: fixed pieces.
    while (current.end - current.start > maxSeconds) {
      chunks.push(whole({ start: current.start, end: current.start + maxSeconds }));
      current.start += maxSeconds;
    }
  }
  if (current) chunks.push(whole(current));
  return chunks;
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
