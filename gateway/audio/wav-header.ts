import type { FileHandle } from 'node:fs/promises';
import { invalidAudio } from './audio-errors';

/** What the decoder needs from a RIFF/RF64 WAVE header, every field checked against the file. */
export interface WavFormat {
  encoding: 'pcm' | 'float';
  bitsPerSample: number;
  channels: number;
  sampleRate: number;
  /** Bytes per frame (all channels). */
  blockAlign: number;
  dataOffset: number;
  /** Bytes of whole frames in the data chunk. */
  dataBytes: number;
  frames: number;
}

/** Codecs of WAVE files the native decoder does not handle (ADPCM, µ-law, …): ffmpeg's job. */
export class UnsupportedWavCodec extends Error {}

const WAVE_PCM = 1;
const WAVE_FLOAT = 3;
const WAVE_EXTENSIBLE = 0xfffe;
const MAX_CHUNKS = 1000;
const MIN_RATE = 1000;
const MAX_RATE = 384_000;
const MAX_CHANNELS = 64;
/** A streamed WAV (written to a pipe) leaves its sizes at this value: read to the end of the file. */
const UNKNOWN_SIZE = 0xffffffff;

/** True when the first bytes are a RIFF or RF64 WAVE header. */
export function isWav(head: Buffer): boolean {
  return head.length >= 12 && (head.toString('latin1', 0, 4) === 'RIFF' || head.toString('latin1', 0, 4) === 'RF64') && head.toString('latin1', 8, 12) === 'WAVE';
}

interface Chunks {
  fmt?: Buffer;
  dataOffset?: number;
  dataSize?: number;
  ds64DataSize?: number;
}

/** Walks the chunks of the file (bounded in count), then validates the format. */
export async function readWavFormat(file: FileHandle, fileSize: number): Promise<WavFormat> {
  const head = await readAt(file, 0, 12);
  const isRf64 = head.toString('latin1', 0, 4) === 'RF64';
  const chunks = await walkChunks(file, fileSize, isRf64);
  if (!chunks.fmt) throw invalidAudio('the WAV file has no "fmt " chunk');
  if (chunks.dataOffset === undefined) throw invalidAudio('the WAV file has no "data" chunk');
  const format = parseFmt(chunks.fmt);
  const declared = isRf64 && chunks.dataSize === UNKNOWN_SIZE ? chunks.ds64DataSize : chunks.dataSize;
  const available = fileSize - chunks.dataOffset;
  let dataBytes: number;
  if (declared === undefined || declared === UNKNOWN_SIZE) dataBytes = available;
  else if (declared > available) throw invalidAudio(`the "data" chunk declares ${declared} bytes but only ${available} follow its header (the file is truncated or its header is forged)`);
  else dataBytes = declared;
  const frames = Math.floor(dataBytes / format.blockAlign);
  if (frames === 0) throw invalidAudio('the WAV file holds no audio samples');
  return { ...format, dataOffset: chunks.dataOffset, dataBytes: frames * format.blockAlign, frames };
}

async function walkChunks(file: FileHandle, fileSize: number, isRf64: boolean): Promise<Chunks> {
  const found: Chunks = {};
  let pos = 12;
  for (let count = 0; pos + 8 <= fileSize; count++) {
    if (count === MAX_CHUNKS) throw invalidAudio(`the WAV file has more than ${MAX_CHUNKS} chunks before its audio`);
    const header = await readAt(file, pos, 8);
    const id = header.toString('latin1', 0, 4);
    const size = header.readUInt32LE(4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || size > 1024 || body + size > fileSize) throw invalidAudio(`the "fmt " chunk has an impossible size (${size} bytes)`);
      found.fmt = await readAt(file, body, size);
    } else if (id === 'ds64' && isRf64) {
      if (size < 16 || body + 16 > fileSize) throw invalidAudio('the RF64 "ds64" chunk is too short');
      const ds64 = await readAt(file, body, 16);
      found.ds64DataSize = Number(ds64.readBigUInt64LE(8));
    } else if (id === 'data') {
      found.dataOffset = body;
      found.dataSize = size;
      // The data usually runs to the end; a "fmt " after it is legal but rare, so keep walking only without one.
      if (found.fmt || size === UNKNOWN_SIZE) return found;
    }
    if (size === UNKNOWN_SIZE) break;
    // Chunks are word-aligned: an odd size is followed by one pad byte.
    pos = body + size + (size & 1);
  }
  return found;
}

function parseFmt(fmt: Buffer): Omit<WavFormat, 'dataOffset' | 'dataBytes' | 'frames'> {
  let code = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (code === WAVE_EXTENSIBLE) {
    if (fmt.length < 40) throw invalidAudio('the WAVE_FORMAT_EXTENSIBLE header is too short');
    code = fmt.readUInt16LE(24);
  }
  if (code !== WAVE_PCM && code !== WAVE_FLOAT) throw new UnsupportedWavCodec(`WAVE format ${code}`);
  if (channels === 0) throw invalidAudio('the WAV header declares zero channels');
  if (channels > MAX_CHANNELS) throw invalidAudio(`the WAV header declares ${channels} channels (at most ${MAX_CHANNELS} are accepted)`);
  if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) throw invalidAudio(`the WAV header declares a sample rate of ${sampleRate} Hz (accepted: ${MIN_RATE} to ${MAX_RATE} Hz)`);
  const encoding = code === WAVE_FLOAT ? 'float' : 'pcm';
  const valid = encoding === 'float' ? [32, 64] : [8, 16, 24, 32];
  if (!valid.includes(bitsPerSample)) throw invalidAudio(`the WAV header declares ${bitsPerSample} bits per sample (${encoding === 'float' ? 'float WAV must be 32 or 64-bit' : 'PCM WAV must be 8, 16, 24 or 32-bit'})`);
  if (blockAlign !== channels * (bitsPerSample / 8)) throw invalidAudio(`the WAV header's block size (${blockAlign} bytes) does not match ${channels} channels of ${bitsPerSample} bits`);
  return { encoding, bitsPerSample, channels, sampleRate, blockAlign };
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, position);
  if (bytesRead < length) throw invalidAudio('the WAV header is truncated');
  return buf;
}
