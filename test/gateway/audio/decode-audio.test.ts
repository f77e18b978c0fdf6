import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudioFile } from '../../../gateway/audio/decode-audio';
import type { DecodedAudio } from '../../../gateway/audio/decoded-audio';
import { GatewayError } from '../../../gateway/errors';
import { makeSpeechFiles, SPEECH_FORMATS, type SpeechFormat } from '../../fixtures/audio/speech-files';
import { pcm16Sine, wavFile } from '../../fixtures/audio/wav-file';
import { tempDir } from '../../helpers/temp-dir';
import { amplitudeAt } from '../../helpers/tone-amplitude';

const dir = tempDir('passerelle-decode-');
const limits = { maxAudioSeconds: 600 };
const BOMB = join(import.meta.dirname, '../../fixtures/audio/silence-10h.flac');

function writeTemp(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function decodeError(path: string, l = limits): Promise<GatewayError> {
  const err = await decodeAudioFile(path, l).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

/** Pearson correlation of two signals over their common length. */
function correlation(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('decodeAudioFile on real speech', () => {
  const { reference, files } = makeSpeechFiles(dir, 'Passerelle turns speech into text. The quick brown fox jumps over the lazy dog.');
  let ref: DecodedAudio;

  it('decodes a 16 kHz mono WAV natively, sample for sample', async () => {
    ref = await decodeAudioFile(reference, limits);
    expect(ref.source).toMatchObject({ decoder: 'wav', codec: 'pcm_s16', sampleRate: 16_000, channels: 1 });
    expect(ref.durationSeconds).toBeGreaterThan(3);
    expect(ref.samples.length).toBe(Math.round(ref.durationSeconds * 16_000));
  });

  const native: SpeechFormat[] = ['wav-16k-mono.wav', 'wav-44k-stereo.wav', 'wav-8bit.wav', 'wav-24bit.wav', 'wav-float32.wav', 'wav-float64.wav', 'wav-32bit.wav'];
  for (const name of Object.keys(SPEECH_FORMATS) as SpeechFormat[]) {
    it(`decodes ${name} to 16 kHz mono with the right duration and the same speech`, async () => {
      const audio = await decodeAudioFile(files[name], limits);
      expect(audio.sampleRate).toBe(16_000);
      expect(audio.source.decoder).toBe(native.includes(name) ? 'wav' : 'ffmpeg');
      // Lossy codecs add encoder delay and padding (tens of milliseconds).
      expect(Math.abs(audio.durationSeconds - ref.durationSeconds)).toBeLessThan(native.includes(name) ? 0.001 : 0.1);
      expect(Math.abs(audio.samples.length / 16_000 - audio.durationSeconds)).toBeLessThan(0.001);
      if (native.includes(name) && name !== 'wav-32bit.wav' && name !== 'wav-8bit.wav') expect(correlation(audio.samples, ref.samples)).toBeGreaterThan(0.99);
    });
  }
});

describe('resampler', () => {
  async function decodeSine(rate: number, hz: number, channels = 1): Promise<Float32Array> {
    const path = writeTemp(`sine-${rate}-${hz}-${channels}.wav`, wavFile({ sampleRate: rate, channels, data: pcm16Sine(2, rate, channels, hz, 0.5) }));
    return (await decodeAudioFile(path, limits)).samples;
  }


  it('keeps a sine\'s frequency and amplitude from 44.1, 48, 22.05 and 8 kHz, stereo downmixed', async () => {
    for (const [rate, channels] of [[44_100, 2], [48_000, 1], [22_050, 1], [8_000, 1]] as const) {
      const x = await decodeSine(rate, 1000, channels);
      expect(x.length).toBe(32_000);
      expect(amplitudeAt(x, 1000)).toBeCloseTo(0.5, 2);
      expect(amplitudeAt(x, 1100)).toBeLessThan(0.01);
    }
  });

  it('suppresses aliasing: a 12 kHz tone at 44.1 kHz does not fold back to 4 kHz', async () => {
    const x = await decodeSine(44_100, 12_000);
    const rms = Math.sqrt(x.slice(2000, -2000).reduce((s, v) => s + v * v, 0) / (x.length - 4000));
    expect(amplitudeAt(x, 4000)).toBeLessThan(0.5 * 10 ** (-60 / 20));
    expect(rms).toBeLessThan(0.001);
  });
});

describe('decodeAudioFile refuses bad files with what was wrong', () => {
  const second = pcm16Sine(1, 16_000);
  const cases: Array<[string, Buffer, RegExp]> = [
    ['0 bytes', Buffer.alloc(0), /empty/],
    ['a 44-byte header only', wavFile({}), /no audio samples/],
    ['data size larger than the file', wavFile({ data: second, declaredDataBytes: second.length * 10 }), /declares 320000 bytes but only 32000/],
    ['sample rate 0', wavFile({ sampleRate: 0, data: second }), /sample rate of 0 Hz/],
    ['sample rate 655350 with 8 channels', wavFile({ sampleRate: 655_350, channels: 8, data: pcm16Sine(0.01, 16_000, 8) }), /sample rate of 655350 Hz/],
    ['zero channels', wavFile({ channels: 0, blockAlign: 2, data: second }), /zero channels/],
    ['255 channels', wavFile({ channels: 255, data: Buffer.alloc(510 * 10) }), /255 channels/],
    ['0 bits per sample', wavFile({ bitsPerSample: 0, blockAlign: 2, data: second }), /0 bits per sample/],
    ['7 bits per sample', wavFile({ bitsPerSample: 7, blockAlign: 1, data: second }), /7 bits per sample/],
    ['64-bit integer PCM', wavFile({ bitsPerSample: 64, data: second }), /64 bits per sample/],
    ['a block size that lies', wavFile({ blockAlign: 6, data: second }), /block size/],
    ['a truncated header', wavFile({ data: second }).subarray(0, 30), /header is truncated|no "fmt "|"fmt " chunk/],
    ['1,001 empty chunks before the data', wavFile({ data: second, extraChunks: Array.from({ length: 1001 }, () => ({ id: 'junk', body: Buffer.alloc(0) })) }), /more than 1000 chunks/],
    ['text named .wav', Buffer.from('this is not audio at all, just text\n'.repeat(20)), /ffmpeg could not decode it/],
    ['NaN floats', wavFile({ formatCode: 3, bitsPerSample: 32, data: Buffer.from(new Float32Array(16_000).fill(NaN).buffer) }), /16000 of its float samples are NaN/],
  ];
  for (const [label, bytes, message] of cases) {
    it(`${label} → 400 invalid_audio`, async () => {
      const err = await decodeError(writeTemp(`bad-${label.replace(/\W+/g, '-')}.wav`, bytes));
      expect(err.code).toBe('invalid_audio');
      expect(err.status).toBe(400);
      expect(err.message).toMatch(message);
    });
  }

  it('cleans a few NaN and Inf samples of a float WAV', async () => {
    const floats = Float32Array.from({ length: 16_000 }, (_, i) => 0.25 * Math.sin(i / 10));
    floats[100] = NaN;
    floats[200] = Infinity;
    const audio = await decodeAudioFile(writeTemp('few-nan.wav', wavFile({ formatCode: 3, bitsPerSample: 32, data: Buffer.from(floats.buffer) })), limits);
    expect(audio.cleanedSamples).toBe(2);
    expect(audio.samples.every(Number.isFinite)).toBe(true);
  });

  it('walks odd-sized chunks before the data', async () => {
    const path = writeTemp('odd-chunks.wav', wavFile({ data: second, extraChunks: [{ id: 'LIST', body: Buffer.from('abc') }, { id: 'junk', body: Buffer.alloc(7) }] }));
    expect((await decodeAudioFile(path, limits)).samples.length).toBe(16_000);
  });

  it('refuses WAV longer than MAX_AUDIO_SECONDS from its header, before decoding (413)', async () => {
    const err = await decodeError(writeTemp('long.wav', wavFile({ data: pcm16Sine(3, 16_000) })), { maxAudioSeconds: 2 });
    expect([err.code, err.status]).toEqual(['audio_too_long', 413]);
  });

  it('stops a decompression bomb (120 KB of FLAC, 10 h of silence) at the duration limit', async () => {
    const started = Date.now();
    const err = await decodeError(BOMB, { maxAudioSeconds: 60 });
    expect([err.code, err.status]).toEqual(['audio_too_long', 413]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses an MP4 with video only and a truncated M4A (no moov), saying why', async () => {
    const video = join(dir, 'video-only.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=64x64:rate=10', '-c:v', 'mpeg4', video]);
    expect((await decodeError(video)).message).toMatch(/no audio track/);
    const m4a = join(dir, 'whole.m4a');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=3', '-c:a', 'aac', m4a]);
    const truncated = writeTemp('truncated.m4a', readFileSync(m4a).subarray(0, Math.floor(readFileSync(m4a).length / 2)));
    const err = await decodeError(truncated);
    expect(err.code).toBe('invalid_audio');
    expect(err.message).toMatch(/ffmpeg could not decode it \(.+\)/);
    expect(err.message).not.toContain(truncated);
  });

  it('decodes a truncated MP3 up to where it stops (MP3 has no length to check)', async () => {
    const mp3 = join(dir, 'whole.mp3');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=4', '-c:a', 'libmp3lame', mp3]);
    const half = writeTemp('half.mp3', readFileSync(mp3).subarray(0, Math.floor(readFileSync(mp3).length / 2)));
    const audio = await decodeAudioFile(half, limits);
    expect(audio.durationSeconds).toBeGreaterThan(1.5);
    expect(audio.durationSeconds).toBeLessThan(2.5);
  });

  it('stops Opus silence (150 KB of Ogg, 10 min) at the duration limit too', async () => {
    const err = await decodeError(join(import.meta.dirname, '../../fixtures/audio/silence-10min.opus'), { maxAudioSeconds: 60 });
    expect([err.code, err.status]).toEqual(['audio_too_long', 413]);
  });

  it('says how to fix a missing ffmpeg', async () => {
    const mp3 = writeTemp('x.mp3', Buffer.from('ID3 not really mp3'));
    const err = await decodeError(mp3, { maxAudioSeconds: 60, ffmpegPath: join(dir, 'no-ffmpeg-here') } as typeof limits);
    expect([err.code, err.status]).toEqual(['audio_decoder_unavailable', 503]);
    expect(err.hint).toMatch(/apt-get install ffmpeg/);
  });

  it('kills an ffmpeg that runs past its time limit, and says so', async () => {
    const hung = join(dir, 'hung-bin');
    execFileSync('mkdir', ['-p', hung]);
    const pidFile = join(dir, 'hung-ffmpeg.pid');
    writeFileSync(join(hung, 'ffmpeg'), `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 30\n`, { mode: 0o755 });
    const mp3 = writeTemp('slow.mp3', Buffer.from('ID3 not really mp3'));
    const started = Date.now();
    const err = await decodeError(mp3, { maxAudioSeconds: 60, ffmpegPath: join(hung, 'ffmpeg'), ffmpegTimeoutMs: 300 } as typeof limits);
    expect([err.code, err.status]).toEqual(['invalid_audio', 400]);
    expect(err.message).toMatch(/did not finish decoding within/);
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
