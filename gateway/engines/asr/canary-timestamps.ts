import { frameOfToken } from './canary-prompt';
import type { DecodedToken } from './canary-decoding';
import type { TimedToken } from './timed-tokens';
import type { Vocabulary } from './vocab';

/**
 * Times of Canary flash output (`<|s|> word <|e|>`, N × 80 ms; NeMo
 * `process_aed_timestamp_outputs`): the pieces between a start and an end frame token take those
 * times; pieces outside a pair take the time of the token before them.
 */
export function timeCanaryTokens(vocab: Vocabulary, decoded: DecodedToken[], frameSeconds: number): TimedToken[] {
  const out: TimedToken[] = [];
  let open: number | null = null;
  let pending: TimedToken[] = [];
  let last = { start: 0, end: 0 };
  for (const d of decoded) {
    const text = vocab.token(d.id);
    const frame = frameOfToken(text);
    if (frame === null) {
      const t = { id: d.id, text, logprob: d.logprob, start: last.start, end: last.end };
      if (open !== null) pending.push(t);
      else out.push(t);
      continue;
    }
    if (open === null) {
      open = frame;
      continue;
    }
    last = { start: open * frameSeconds, end: Math.max(open, frame) * frameSeconds };
    for (const t of pending) out.push({ ...t, ...last });
    pending = [];
    open = null;
  }
  // An unclosed word (the length bound hit): it starts at its frame and ends there too.
  for (const t of pending) out.push({ ...t, start: (open ?? 0) * frameSeconds, end: (open ?? 0) * frameSeconds });
  return out;
}
