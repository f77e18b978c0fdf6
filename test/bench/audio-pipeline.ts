/**
 * One hour of audio through the intake side of transcription: native WAV decode + downmix +
 * resample to 16 kHz mono, then the NeMo log-mel front end in 30 s chunks (as the engines feed
 * the encoders). Each case runs in a child process so its peak RSS is its own.
 *
 *   node --import tsx test/bench/audio-pipeline.ts            # both cases
 *   node --import tsx test/bench/audio-pipeline.ts 16000 1    # one case: rate, channels
 *
 * Loopback-free (files only), bounded: two one-hour files, about a minute in all.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAudioFile } from '../../gateway/audio/decode-audio';
import { nemoFeatures } from '../../gateway/engines/asr/nemo-features';

const SECONDS = 3600;
const CHUNK_SECONDS = 30;

/** A 16-bit PCM WAV of `seconds` of a speech-like signal (gliding tones, noise bursts, pauses), written in blocks. */
function writeWav(path: string, rate: number, channels: number, seconds: number): void {
  const frames = rate * seconds;
  const dataBytes = frames * channels * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  const block = Buffer.alloc(rate * channels * 2);
  let seed = 1;
  for (let s = 0; s < seconds; s++) {
    const voiced = s % 7 !== 6;
    for (let i = 0; i < rate; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const t = s + i / rate;
      const f0 = 120 + 40 * Math.sin(t * 0.9);
      const v = voiced ? 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f0 * t) + 0.02 * (seed / 0x7fffffff - 0.5) : 0.001 * (seed / 0x7fffffff - 0.5);
      for (let c = 0; c < channels; c++) block.writeInt16LE(Math.round(v * 32767), (i * channels + c) * 2);
    }
    writeSync(fd, block);
  }
  closeSync(fd);
}

async function runCase(rate: number, channels: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  try {
    const path = join(dir, 'hour.wav');
    writeWav(path, rate, channels, SECONDS);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const audio = await decodeAudioFile(path, { maxAudioSeconds: 4 * 3600 });
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const chunk = CHUNK_SECONDS * 16_000;
    let frames = 0;
    for (let at = 0; at < audio.samples.length; at += chunk) frames += nemoFeatures(audio.samples.subarray(at, at + chunk), 128).validFrames;
    const t2 = performance.now();
    const c2 = process.cpuUsage();
    const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => +((b.user + b.system - a.user - a.system) / 1e6).toFixed(2);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({
      input: `${rate} Hz, ${channels} ch, 16-bit WAV, ${SECONDS} s`, outputSamples: audio.samples.length, featureFrames: frames,
      decodeResampleSeconds: +((t1 - t0) / 1000).toFixed(2), featuresSeconds: +((t2 - t1) / 1000).toFixed(2), totalSeconds: +((t2 - t0) / 1000).toFixed(2),
      decodeResampleCpuSeconds: cpu(c0, c1), featuresCpuSeconds: cpu(c1, c2), loadAverage1m: +loadavg()[0]!.toFixed(1), peakRssMb: Math.round(peakRssMb),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [rate, channels] = process.argv.slice(2).map(Number);
if (rate && channels) await runCase(rate, channels);
else {
  for (const [r, c] of [[16_000, 1], [44_100, 2]] as const) {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(r), String(c)], { stdio: 'inherit' });
  }
}
