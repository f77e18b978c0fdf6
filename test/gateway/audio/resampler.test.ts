import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../gateway/audio/resampler';
import { SimdDot } from '../../../gateway/audio/simd-dot';
import { amplitudeAt } from '../../helpers/tone-amplitude';

function sine(rate: number, hz: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
}

/** Resamples in uneven blocks, as the decoder feeds it. */
function resample(x: Float32Array, rate: number): Float32Array {
  const r = new Resampler(rate, 16_000);
  const out = new Float32Array(Resampler.outputLength(x.length, rate, 16_000));
  let w = 0;
  for (let i = 0, block = 1000; i < x.length; i += block, block = block === 1000 ? 77_777 : 1000) w += r.push(x.subarray(i, i + block), out, w);
  w += r.flush(out, w);
  expect(w).toBe(out.length);
  return out;
}


describe('Resampler', () => {
  it('computes its dot products in WebAssembly SIMD, equal to the plain sum', () => {
    const simd = SimdDot.create(1024)!;
    expect(simd).not.toBeNull();
    const v = simd.view;
    for (let i = 0; i < 200; i++) v[i] = Math.sin(i) * 0.7;
    let expected = 0;
    for (let j = 0; j < 52; j++) expected += v[j]! * v[100 + j]!;
    expect(simd.dot(0, 400, 52)).toBeCloseTo(expected, 5);
    simd.ensure(1 << 20);
    expect(simd.view.length).toBeGreaterThanOrEqual(1 << 20);
    expect(simd.dot(0, 400, 52)).toBeCloseTo(expected, 5);
  });

  it('keeps frequency and amplitude for common and odd rates, with the on-the-fly taps of 96001 Hz too', () => {
    for (const rate of [44_100, 48_000, 11_025, 47_999, 96_001]) {
      const y = resample(sine(rate, 1000, 1.5), rate);
      expect(amplitudeAt(y, 1000), `${rate} Hz`).toBeCloseTo(0.5, 2);
    }
  });

  it('suppresses what would alias: 12 kHz and 20 kHz at 44.1 kHz, 30 kHz at 96.001 kHz', () => {
    expect(amplitudeAt(resample(sine(44_100, 12_000, 1.5), 44_100), 4000)).toBeLessThan(0.5e-3);
    expect(amplitudeAt(resample(sine(44_100, 20_000, 1.5), 44_100), 4000)).toBeLessThan(0.5e-3);
    expect(amplitudeAt(resample(sine(96_001, 30_000, 1.5), 96_001), 2000)).toBeLessThan(0.5e-3);
  });
});
