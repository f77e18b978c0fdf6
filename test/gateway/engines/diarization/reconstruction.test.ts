import { describe, expect, it } from 'vitest';
import { chunkFirstFrame, frameMiddleSeconds, globalFrameCount } from '../../../../gateway/engines/diarization/frame-grid';
import { reconstruct } from '../../../../gateway/engines/diarization/reconstruction';
import { speakerCount } from '../../../../gateway/engines/diarization/speaker-count';
import { activeClusters, activityToTurns } from '../../../../gateway/engines/diarization/turns';

/** seg[c][f][s] from a function of (chunk, global frame, local speaker). */
function segmentation(numChunks: number, on: (c: number, g: number, s: number) => boolean): Uint8Array {
  const seg = new Uint8Array(numChunks * 589 * 3);
  for (let c = 0; c < numChunks; c++) {
    for (let f = 0; f < 589; f++) for (let s = 0; s < 3; s++) seg[(c * 589 + f) * 3 + s] = on(c, chunkFirstFrame(c) + f, s) ? 1 : 0;
  }
  return seg;
}

describe('speaker count', () => {
  it('averages the active speakers over the chunks covering a frame, rounding half to even', () => {
    // Two chunks; in chunk 0 two speakers are active everywhere, in chunk 1 one: frames covered by
    // both average 1.5 → 2, frames of chunk 0 only count 2, frames of chunk 1 only count 1.
    const seg = segmentation(2, (c, _g, s) => (c === 0 ? s < 2 : s === 0));
    const count = speakerCount(seg, 2);
    expect(count).toHaveLength(globalFrameCount(2));
    expect(count[10]).toBe(2);
    expect(count[300]).toBe(2);
    expect(count[chunkFirstFrame(1) + 588]).toBe(1);
    expect(count[globalFrameCount(2) - 1]).toBe(0); // past the last chunk
    expect(speakerCount(seg, 2, 1)[300]).toBe(1); // max_speakers caps it
  });
});

describe('reconstruction and turns', () => {
  it('follows one global speaker across chunks whatever its local index', () => {
    // Global speaker X talks in frames [100, 400); chunk 0 calls it local 0, chunk 1 local 2.
    const seg = segmentation(2, (c, g, s) => g >= 100 && g < 400 && s === (c === 0 ? 0 : 2));
    const hard = Int32Array.from([0, -2, -2, -2, -2, 0]);
    const count = speakerCount(seg, 2);
    const activity = reconstruct(seg, hard, 2, count);
    expect(activeClusters(activity)).toEqual([0]);
    const turns = activityToTurns(activity, 20, (k) => `S${k}`);
    expect(turns).toEqual([{ start: frameMiddleSeconds(100), end: frameMiddleSeconds(400), speaker: 'S0' }]);
  });

  it('keeps the most active clusters where the count is lower than the clusters present', () => {
    // Chunk 0 hears local 0 and 1 on the same frames, but the count there is 1 (chunk 1 hears
    // only local 0 = cluster 0): cluster 0 wins these frames.
    const seg = segmentation(2, (c, g, s) => g >= 100 && g < 300 && (s === 0 || (c === 0 && s === 1)));
    const count = speakerCount(seg, 2);
    expect(count[200]).toBe(2); // (2 + 1) / 2 = 1.5 → 2
    const capped = count.map((c) => Math.min(c, 1));
    const activity = reconstruct(seg, Int32Array.from([0, 1, -2, 0, -2, -2]), 2, capped);
    const turns = activityToTurns(activity, 20, (k) => `S${k}`);
    expect(turns.map((t) => t.speaker)).toEqual(['S0']);
  });

  it('clips turns to the file and joins same-speaker gaps shorter than min_duration_off', () => {
    const seg = segmentation(1, (_c, g, s) => s === 0 && ((g >= 10 && g < 20) || (g >= 25 && g < 589)));
    const activity = reconstruct(seg, Int32Array.from([0, -2, -2]), 1, speakerCount(seg, 1));
    const duration = frameMiddleSeconds(500);
    expect(activityToTurns(activity, duration, () => 'A')).toEqual([
      { start: frameMiddleSeconds(10), end: frameMiddleSeconds(20), speaker: 'A' },
      { start: frameMiddleSeconds(25), end: duration, speaker: 'A' },
    ]);
    expect(activityToTurns(activity, duration, () => 'A', 0.1)).toHaveLength(1);
  });
});
