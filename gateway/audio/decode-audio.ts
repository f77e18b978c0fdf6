import { open } from 'node:fs/promises';
import { invalidAudio } from './audio-errors';
import type { DecodedAudio, DecodeLimits } from './decoded-audio';
import { decodeWav } from './decode-wav';
import { decodeWithFfmpeg } from './decode-ffmpeg';
import { isWav, readWavFormat, UnsupportedWavCodec } from './wav-header';

/**
 * Decodes an uploaded file to 16 kHz mono float32. The bytes decide, never the file name or the
 * declared type: PCM and float WAV are decoded here; everything else (and WAV codecs such as
 * ADPCM or µ-law) goes through ffmpeg.
 */
export async function decodeAudioFile(path: string, limits: DecodeLimits): Promise<DecodedAudio> {
  return (await decodeNativeWav(path, limits)) ?? decodeWithFfmpeg(path, limits);
}

/** The decoded audio of a PCM/float WAV; null when the file is for ffmpeg. */
async function decodeNativeWav(path: string, limits: DecodeLimits): Promise<DecodedAudio | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) throw invalidAudio('it is empty (0 bytes)');
    const head = Buffer.alloc(12);
    await file.read(head, 0, 12, 0);
    if (!isWav(head)) return null;
    return await decodeWav(file, await readWavFormat(file, size), limits);
  } catch (err) {
    if (err instanceof UnsupportedWavCodec) return null;
    throw err;
  } finally {
    await file.close();
  }
}
