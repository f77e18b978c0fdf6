import type { WavFormat } from './wav-header';

/**
 * Converts `frames` interleaved frames of a WAV data block to mono float32 (channel average),
 * scaling integers to [-1, 1). Float NaN becomes 0 and ±Infinity ±1; returns how many were cleaned.
 * `bytes` must start on a frame boundary at offset 0 of its own ArrayBuffer region.
 */
export function wavToMono(bytes: Buffer, frames: number, format: WavFormat, out: Float32Array): number {
  const { channels } = format;
  const samples = frames * channels;
  const scale = 1 / channels;
  switch (`${format.encoding}${format.bitsPerSample}`) {
    case 'pcm8':
      return average(frames, channels, scale / 128, (i) => bytes[i]! - 128, out);
    case 'pcm16':
      return pcm16ToMono(bytes, frames, channels, out);
    case 'pcm24':
      return average(frames, channels, scale / 8_388_608, (i) => bytes.readIntLE(3 * i, 3), out);
    case 'pcm32':
      return average(frames, channels, scale / 2_147_483_648, view(Int32Array, bytes, samples), out);
    case 'float32':
      return cleanAverage(frames, channels, view(Float32Array, bytes, samples), out);
    default:
      return cleanAverage(frames, channels, view(Float64Array, bytes, samples), out);
  }
}

type TypedArrayCtor<T> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/** An aligned typed view where possible; a copy where the Buffer's offset is not aligned. */
function view<T extends ArrayLike<number>>(Ctor: TypedArrayCtor<T> & { BYTES_PER_ELEMENT: number }, bytes: Buffer, length: number): (i: number) => number {
  const arr = bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0
    ? new Ctor(bytes.buffer, bytes.byteOffset, length)
    : new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length * Ctor.BYTES_PER_ELEMENT), 0, length);
  return (i) => arr[i]!;
}

function average(frames: number, channels: number, scale: number, sample: (i: number) => number, out: Float32Array): number {
  if (channels === 1) {
    for (let f = 0; f < frames; f++) out[f] = sample(f) * scale;
    return 0;
  }
  for (let f = 0, i = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += sample(i++);
    out[f] = sum * scale;
  }
  return 0;
}

function cleanAverage(frames: number, channels: number, sample: (i: number) => number, out: Float32Array): number {
  let cleaned = 0;
  for (let f = 0, i = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      let v = sample(i++);
      if (!Number.isFinite(v)) {
        cleaned++;
        v = Number.isNaN(v) ? 0 : Math.sign(v);
      }
      sum += v;
    }
    out[f] = sum / channels;
  }
  return cleaned;
}

/** The common case, without a per-sample closure: 16-bit, one or two channels most of the time. */
function pcm16ToMono(bytes: Buffer, frames: number, channels: number, out: Float32Array): number {
  const samples = frames * channels;
  const pcm = bytes.byteOffset % 2 === 0 ? new Int16Array(bytes.buffer, bytes.byteOffset, samples) : new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + samples * 2));
  const scale = 1 / (32_768 * channels);
  if (channels === 1) for (let f = 0; f < frames; f++) out[f] = pcm[f]! * scale;
  else if (channels === 2) for (let f = 0; f < frames; f++) out[f] = (pcm[2 * f]! + pcm[2 * f + 1]!) * scale;
  else {
    for (let f = 0, i = 0; f < frames; f++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += pcm[i++]!;
      out[f] = sum * scale;
    }
  }
  return 0;
}
