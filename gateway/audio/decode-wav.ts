import type { FileHandle } from 'node:fs/promises';
import { audioTooLong, invalidAudio } from './audio-errors';
import { TARGET_SAMPLE_RATE, type DecodedAudio, type DecodeLimits } from './decoded-audio';
import { Resampler } from './resampler';
import type { WavFormat } from './wav-header';
import { wavToMono } from './wav-to-mono';

const BLOCK_BYTES = 1 << 20;
/** More than this share of NaN/Inf samples is not a glitch to clean but a broken file. */
const MAX_CLEANED_SHARE = 0.01;

/**
 * Decodes PCM/float WAV data to 16 kHz mono, block by block: the file is never held in memory,
 * only the output (its exact length is known from the header, after the duration check).
 */
export async function decodeWav(file: FileHandle, format: WavFormat, limits: DecodeLimits): Promise<DecodedAudio> {
  const durationSeconds = format.frames / format.sampleRate;
  if (durationSeconds > limits.maxAudioSeconds) throw audioTooLong(durationSeconds, limits.maxAudioSeconds);
  const out = new Float32Array(Resampler.outputLength(format.frames, format.sampleRate, TARGET_SAMPLE_RATE));
  const resampler = new Resampler(format.sampleRate, TARGET_SAMPLE_RATE);
  const framesPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / format.blockAlign));
  const bytes = Buffer.alloc(framesPerBlock * format.blockAlign);
  const mono = new Float32Array(framesPerBlock);
  let written = 0;
  let cleaned = 0;
  for (let frame = 0; frame < format.frames; frame += framesPerBlock) {
    limits.signal?.throwIfAborted();
    const frames = Math.min(framesPerBlock, format.frames - frame);
    const length = frames * format.blockAlign;
    const { bytesRead } = await file.read(bytes, 0, length, format.dataOffset + frame * format.blockAlign);
    if (bytesRead < length) throw invalidAudio('the WAV file ended before its declared data');
    cleaned += wavToMono(bytes, frames, format, mono);
    written += resampler.push(mono.subarray(0, frames), out, written);
  }
  written += resampler.flush(out, written);
  if (cleaned > format.frames * format.channels * MAX_CLEANED_SHARE) {
    throw invalidAudio(`${cleaned} of its float samples are NaN or infinite`);
  }
  return {
    samples: written === out.length ? out : out.subarray(0, written),
    sampleRate: TARGET_SAMPLE_RATE,
    durationSeconds,
    source: { decoder: 'wav', codec: format.encoding === 'float' ? `float${format.bitsPerSample}` : format.bitsPerSample === 8 ? 'pcm_u8' : `pcm_s${format.bitsPerSample}`, sampleRate: format.sampleRate, channels: format.channels },
    cleanedSamples: cleaned,
  };
}
