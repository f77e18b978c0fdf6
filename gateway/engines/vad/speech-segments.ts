/**
 * Speech segments from silero VAD probabilities: the algorithm of silero-vad's
 * `get_speech_timestamps` (utils_vad.py, v5), so thresholds mean what they mean there.
 */
export interface VadParams {
  /** Probability at or above which a window is speech (0.5). */
  threshold: number;
  /** Speech shorter than this is dropped (250 ms). */
  minSpeechMs: number;
  /** Silence must last this long to end a segment (100 ms). */
  minSilenceMs: number;
  /** Added on both sides of each segment (30 ms). */
  speechPadMs: number;
  /** Longer speech is split, at a pause when there is one (Infinity: never). */
  maxSpeechSeconds: number;
}

export const DEFAULT_VAD_PARAMS: VadParams = { threshold: 0.5, minSpeechMs: 250, minSilenceMs: 100, speechPadMs: 30, maxSpeechSeconds: Infinity };

/** Sample offsets, end exclusive. */
export interface SampleSpan {
  start: number;
  end: number;
}

export const VAD_SAMPLE_RATE = 16_000;
export const VAD_WINDOW = 512;

/** `probs[i]` is the speech probability of samples [i·512, (i+1)·512). */
export function speechSegments(probs: ArrayLike<number>, totalSamples: number, params: VadParams = DEFAULT_VAD_PARAMS): SampleSpan[] {
  const spans = detect(probs, totalSamples, params);
  return pad(spans, totalSamples, Math.round((VAD_SAMPLE_RATE * params.speechPadMs) / 1000));
}

function detect(probs: ArrayLike<number>, totalSamples: number, p: VadParams): SampleSpan[] {
  const sr = VAD_SAMPLE_RATE;
  const negThreshold = Math.max(p.threshold - 0.15, 0.01);
  const minSpeech = (sr * p.minSpeechMs) / 1000;
  const minSilence = (sr * p.minSilenceMs) / 1000;
  const padSamples = (sr * p.speechPadMs) / 1000;
  const maxSpeech = sr * p.maxSpeechSeconds - VAD_WINDOW - 2 * padSamples;
  const minSilenceAtMax = (sr * 98) / 1000;
  const spans: SampleSpan[] = [];
  let triggered = false;
  let start = 0;
  let tempEnd = 0;
  let prevEnd = 0;
  let nextStart = 0;
  for (let i = 0; i < probs.length; i++) {
    const prob = probs[i]!;
    const at = VAD_WINDOW * i;
    if (prob >= p.threshold && tempEnd) {
      tempEnd = 0;
      if (nextStart < prevEnd) nextStart = at;
    }
    if (prob >= p.threshold && !triggered) {
      triggered = true;
      start = at;
      continue;
    }
    if (triggered && at - start > maxSpeech) {
      // Too long: cut at the last pause if there was one, else here.
      if (prevEnd) {
        spans.push({ start, end: prevEnd });
        if (nextStart < prevEnd) triggered = false;
        else start = nextStart;
      } else {
        spans.push({ start, end: at });
        triggered = false;
      }
      prevEnd = nextStart = tempEnd = 0;
      continue;
    }
    if (prob < negThreshold && triggered) {
      if (!tempEnd) tempEnd = at;
      if (at - tempEnd > minSilenceAtMax) prevEnd = tempEnd;
      if (at - tempEnd < minSilence) continue;
      if (tempEnd - start > minSpeech) spans.push({ start, end: tempEnd });
      prevEnd = nextStart = tempEnd = 0;
      triggered = false;
    }
  }
  if (triggered && totalSamples - start > minSpeech) spans.push({ start, end: totalSamples });
  return spans;
}

/** Pads each span, splitting a short gap between two spans in the middle. */
function pad(spans: SampleSpan[], totalSamples: number, padSamples: number): SampleSpan[] {
  const out = spans.map((s) => ({ ...s }));
  for (let i = 0; i < out.length; i++) {
    const span = out[i]!;
    if (i === 0) span.start = Math.max(0, span.start - padSamples);
    const next = out[i + 1];
    if (!next) {
      span.end = Math.min(totalSamples, span.end + padSamples);
      continue;
    }
    const silence = next.start - span.end;
    if (silence < 2 * padSamples) {
      span.end += Math.floor(silence / 2);
      next.start = Math.max(0, next.start - Math.floor(silence / 2));
    } else {
      span.end = Math.min(totalSamples, span.end + padSamples);
      next.start = Math.max(0, next.start - padSamples);
    }
  }
  return out;
}
