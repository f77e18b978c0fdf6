import { describe, expect, it } from 'vitest';
import { chunkFirstFrame, chunkStarts, frameMiddleSeconds, globalFrameCount, paddedLength, roundHalfEven } from '../../../../gateway/engines/diarization/frame-grid';
import { powersetToMultilabel } from '../../../../gateway/engines/diarization/powerset';

describe('sliding window (3.1 step of 1 s)', () => {
  it('makes one zero-padded chunk of a file shorter than 10 s', () => {
    expect(chunkStarts(5 * 16000)).toEqual([0]);
    expect(paddedLength(1)).toBe(160000);
  });

  it('adds a partial last chunk only when samples remain after the full ones', () => {
    expect(chunkStarts(160000)).toEqual([0]);
    expect(chunkStarts(176000)).toEqual([0, 16000]);
    expect(chunkStarts(176001)).toEqual([0, 16000, 32000]);
    expect(chunkStarts(30 * 16000)).toHaveLength(21);
  });

  it('places chunk frames on the 270-sample grid and counts the aggregated frames as pyannote', () => {
    expect(chunkFirstFrame(1)).toBe(59); // 59.26
    expect(chunkFirstFrame(2)).toBe(119); // 118.52
    expect(globalFrameCount(1)).toBe(594); // rint(592.59) + 1
    expect(frameMiddleSeconds(0)).toBeCloseTo(0.03096875, 10);
    expect(frameMiddleSeconds(100)).toBeCloseTo(1.71846875, 10);
  });

  it('rounds half to even like numpy.rint', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, 2, 3]);
  });
});

describe('powerset → multilabel', () => {
  it('maps the argmax class of each frame to its speaker set', () => {
    const logp = new Float32Array(589 * 7).fill(-10);
    const classes = [0, 1, 2, 3, 4, 5, 6];
    classes.forEach((k, f) => { logp[f * 7 + k] = -0.1; });
    const out = powersetToMultilabel(logp, 1);
    const frames = classes.map((_, f) => Array.from(out.subarray(f * 3, f * 3 + 3)));
    expect(frames).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]]);
  });

  it('refuses an output of the wrong shape', () => {
    expect(() => powersetToMultilabel(new Float32Array(588 * 7), 1)).toThrow(/expected 1×589×7/);
  });
});
