import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nemoFeatures } from '../../../../gateway/engines/asr/nemo-features';
import { tempDir } from '../../../helpers/temp-dir';

// The reference is an independent numpy implementation (Debian's python3-numpy), run here.
const REFERENCE = join(import.meta.dirname, '../../../fixtures/audio/nemo_features_reference.py');
const dir = tempDir('passerelle-features-');
let caseId = 0;

function reference(samples: Float32Array, numMels: number, validLength?: number): { features: Float64Array; numFrames: number; validFrames: number } {
  const id = caseId++;
  const input = join(dir, `in-${id}.f32`);
  const output = join(dir, `out-${id}.f64`);
  writeFileSync(input, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  const args = [REFERENCE, input, output, String(numMels), ...(validLength === undefined ? [] : [String(validLength)])];
  const meta = JSON.parse(execFileSync('python3', args, { encoding: 'utf8' })) as { numFrames: number; validFrames: number };
  const buf = readFileSync(output);
  return { ...meta, features: new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8) };
}

function expectMatchesReference(samples: Float32Array, numMels: 80 | 128, validLength?: number): void {
  const ours = nemoFeatures(samples, numMels, validLength);
  const ref = reference(samples, numMels, validLength);
  expect({ numFrames: ours.numFrames, validFrames: ours.validFrames }).toEqual({ numFrames: ref.numFrames, validFrames: ref.validFrames });
  expect(ours.features.length).toBe(ref.features.length);
  let maxDiff = 0;
  for (let i = 0; i < ref.features.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours.features[i]! - ref.features[i]!));
  expect(maxDiff).toBeLessThan(1e-4);
}

function espeakClip(text: string): Float32Array {
  const wav = join(dir, 'speech.wav');
  const raw = join(dir, 'speech.f32');
  execFileSync('espeak-ng', ['-v', 'en', '-w', wav, text]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-f', 'f32le', '-ac', '1', '-ar', '16000', raw]);
  const buf = readFileSync(raw);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

describe('NeMo log-mel front end', () => {
  const speech = espeakClip('The quick brown fox jumps over the lazy dog. Passerelle transcribes this sentence.');

  it('matches numpy to 1e-4 on real speech, with 128 and 80 mel bands', () => {
    expect(speech.length).toBeGreaterThan(16_000 * 3);
    expectMatchesReference(speech, 128);
    expectMatchesReference(speech, 80);
  });

  it('matches numpy when the valid length is shorter than the buffer (padded batch item)', () => {
    expectMatchesReference(speech.subarray(0, 48_123), 128, 40_000);
  });

  it('matches numpy on very short inputs: no valid frame, one valid frame, three', () => {
    for (const n of [0, 1, 100, 159, 160, 300, 500]) expectMatchesReference(speech.slice(20_000, 20_000 + n), 128);
  });

  it('matches numpy on silence and on faint noise', () => {
    expectMatchesReference(new Float32Array(16_000), 128);
    const faint = Float32Array.from({ length: 16_000 }, (_, i) => 1e-3 * Math.sin(i * 0.7) + 5e-4 * Math.sin(i * 0.031));
    expectMatchesReference(faint, 128);
  });

  it('gives 1001 frames with 1000 valid for 10 s, channel-first, zero past the valid frames', () => {
    const tone = Float32Array.from({ length: 160_000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000));
    const f = nemoFeatures(tone, 128);
    expect([f.numMels, f.numFrames, f.validFrames]).toEqual([128, 1001, 1000]);
    for (let m = 0; m < 128; m++) expect(f.features[m * 1001 + 1000]).toBe(0);
    expect(f.features.every(Number.isFinite)).toBe(true);
  });
});
