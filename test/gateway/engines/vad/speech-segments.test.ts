import { describe, expect, it } from 'vitest';
import { DEFAULT_VAD_PARAMS, speechSegments, VAD_WINDOW } from '../../../../gateway/engines/vad/speech-segments';

/** Probabilities per 512-sample window (32 ms) from a pattern: '#' speech (0.9), '.' silence (0.05). */
function probs(pattern: string): number[] {
  return [...pattern].map((c) => (c === '#' ? 0.9 : c === '~' ? 0.4 : 0.05));
}

const params = { ...DEFAULT_VAD_PARAMS, speechPadMs: 0 };
const windows = (n: number): number => n * VAD_WINDOW;

describe('speech segments from VAD probabilities', () => {
  it('turns a run of speech windows into one segment', () => {
    const p = probs('..........##########..........');
    expect(speechSegments(p, windows(p.length), params)).toEqual([{ start: windows(10), end: windows(20) }]);
  });

  it('drops speech shorter than minSpeechMs', () => {
    const p = probs('..........###..........');
    expect(speechSegments(p, windows(p.length), params)).toEqual([]);
    expect(speechSegments(p, windows(p.length), { ...params, minSpeechMs: 50 })).toHaveLength(1);
  });

  it('bridges pauses shorter than minSilenceMs and splits at longer ones', () => {
    const p = probs('..##########..##########..........##########......');
    const segs = speechSegments(p, windows(p.length), { ...params, minSilenceMs: 100 });
    expect(segs).toEqual([{ start: windows(2), end: windows(24) }, { start: windows(34), end: windows(44) }]);
  });

  it('keeps speech going between the two thresholds (hysteresis)', () => {
    const p = probs('..#####~~~~~#####.......');
    expect(speechSegments(p, windows(p.length), params)).toEqual([{ start: windows(2), end: windows(17) }]);
  });

  it('pads segments, splitting a short gap between two in the middle', () => {
    const p = probs('......##########....##########......');
    const pad = 96; // 6 ms at 16 kHz is 96 samples; the gap (4 windows = 2048 samples) is wider than 2 pads.
    const segs = speechSegments(p, windows(p.length), { ...params, minSilenceMs: 50, speechPadMs: 6 });
    expect(segs).toEqual([{ start: windows(6) - pad, end: windows(16) + pad }, { start: windows(20) - pad, end: windows(30) + pad }]);
    const close = speechSegments(p, windows(p.length), { ...params, minSilenceMs: 50, speechPadMs: 100 });
    expect(close[0]!.end).toBe(close[1]!.start);
  });

  it('closes speech still going at the end of the audio', () => {
    const p = probs('.....##########');
    expect(speechSegments(p, windows(p.length) - 100, params)).toEqual([{ start: windows(5), end: windows(15) - 100 }]);
  });
});
