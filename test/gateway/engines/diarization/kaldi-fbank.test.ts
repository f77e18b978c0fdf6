import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fbankFrameCount, logMelFrames, subtractMean } from '../../../../gateway/engines/diarization/kaldi-fbank';

// An independent numpy implementation of torchaudio.compliance.kaldi.fbank as WeSpeaker configures
// it (engines.md §2.5): dense mel matrix, numpy's rfft, float64.
const NUMPY_FBANK = `
import sys, json, numpy as np
x = np.array(json.loads(sys.stdin.read()), dtype=np.float64) * 32768
n = 1 + (len(x) - 400) // 160
frames = np.stack([x[i*160:i*160+400] for i in range(n)])
frames = frames - frames.mean(axis=1, keepdims=True)
prev = np.concatenate([frames[:, :1], frames[:, :-1]], axis=1)
frames = frames - 0.97 * prev
frames = frames * (0.54 - 0.46 * np.cos(2 * np.pi * np.arange(400) / 399))
power = np.abs(np.fft.rfft(frames, n=512)) ** 2
mel = lambda f: 1127 * np.log(1 + f / 700)
lo, hi = mel(20.0), mel(8000.0)
d = (hi - lo) / 81
m = mel(16000 / 512 * np.arange(256))
banks = np.zeros((80, 257))
for b in range(80):
    l, c, r = lo + b * d, lo + (b + 1) * d, lo + (b + 2) * d
    banks[b, :256] = np.maximum(0, np.minimum((m - l) / (c - l), (r - m) / (r - c)))
feats = np.log(np.maximum(power @ banks.T, 1.1920928955078125e-07))
feats = feats - feats.mean(axis=0)
print(json.dumps(feats.ravel().tolist()))
`;

function signal(length: number): Float32Array {
  let seed = 3;
  return Float32Array.from({ length }, (_, i) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 0.3 * Math.sin((2 * Math.PI * (200 + i / 40) * i) / 16000) + 0.05 * (seed / 2 ** 31 - 0.5) + (i > 9000 && i < 12000 ? 0.2 * Math.sin(i / 3) : 0);
  });
}

describe('Kaldi fbank (WeSpeaker settings)', () => {
  it('reproduces the transformers.js WeSpeaker test vector', () => {
    const x = Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 100));
    const rows = fbankFrameCount(x.length);
    const f = subtractMean(logMelFrames(x), 0, rows);
    expect(rows).toBe(98);
    expect(f[0]).toBeCloseTo(-0.19300270080566406, 4);
    expect(f[79]).toBeCloseTo(0.26250171661376953, 4);
    expect(f[f.length - 1]).toBeCloseTo(-0.4266204833984375, 4);
  });

  it('matches an independent numpy implementation frame by frame', () => {
    const x = signal(16000 * 2 + 123);
    const rows = fbankFrameCount(x.length);
    const ours = subtractMean(logMelFrames(x), 0, rows);
    const theirs = JSON.parse(execFileSync('python3', ['-c', NUMPY_FBANK], { input: JSON.stringify(Array.from(x)), maxBuffer: 64 << 20 }).toString()) as number[];
    expect(theirs).toHaveLength(ours.length);
    let worst = 0;
    theirs.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - ours[i]!)); });
    expect(worst).toBeLessThan(1e-3);
  });

  it('makes 998 frames of a 10 s chunk and none of fewer than 400 samples', () => {
    expect(fbankFrameCount(160000)).toBe(998);
    expect(fbankFrameCount(399)).toBe(0);
    expect(fbankFrameCount(400)).toBe(1);
  });
});
