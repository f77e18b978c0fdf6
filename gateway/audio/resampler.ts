import { SimdDot } from './simd-dot';

/**
 * A streaming polyphase resampler: windowed sinc (Kaiser window), cut-off below the lower of the
 * two Nyquist frequencies, so downsampling does not alias. The rate ratio is kept exact as L/M
 * (16000/44100 = 160/441); each of the L phases has its own precomputed, DC-normalised taps.
 * Feed blocks of any size with push(); finish with flush(). Output length for N input samples is
 * ceil(N·L/M). The taps and the input history share one float32 memory, so the inner dot product
 * runs in WebAssembly SIMD (simd-dot.ts) where available, in JavaScript otherwise.
 */
const ZERO_CROSSINGS = 8;
const KAISER_BETA = 8;
/** Passband edge as a fraction of the lower Nyquist frequency; the rest is the transition band. */
const ROLLOFF = 0.9;
/** Above this many taps in total, phases are computed as needed rather than stored. */
const MAX_TABLE_TAPS = 1 << 20;
const INITIAL_CAPACITY = 1 << 16;

export class Resampler {
  readonly up: number;
  readonly down: number;
  private readonly taps: number;
  /** Taps per phase rounded up to a multiple of 4 (zeros after the last): the SIMD width. */
  private readonly stride: number;
  private readonly halfTaps: number;
  private readonly cutoff: number;
  private readonly hasTable: boolean;
  private readonly simd: SimdDot | null;
  /** Float memory: the phase table first, then the input buffer from `bufAt`. */
  private mem: Float32Array;
  private readonly bufAt: number;
  private capacity = INITIAL_CAPACITY;
  /** Input not yet fully used, preceded by halfTaps of history (zeros at the start). */
  private buffered: number;
  /** Index, in the whole input stream, of the buffer's first sample. */
  private bufferStart: number;
  private produced = 0;
  private consumed = 0;

  constructor(readonly inputRate: number, readonly outputRate: number) {
    const g = gcd(inputRate, outputRate);
    this.up = outputRate / g;
    this.down = inputRate / g;
    this.cutoff = Math.min(1, this.up / this.down) * ROLLOFF;
    this.halfTaps = this.up === this.down ? 1 : Math.ceil(ZERO_CROSSINGS / this.cutoff);
    this.taps = 2 * this.halfTaps;
    this.stride = Math.ceil(this.taps / 4) * 4;
    this.hasTable = this.up !== this.down && this.up * this.stride <= MAX_TABLE_TAPS;
    this.bufAt = this.hasTable ? this.up * this.stride : 0;
    this.simd = this.hasTable ? SimdDot.create(this.bufAt + this.capacity + 4) : null;
    this.mem = this.simd ? this.simd.view : new Float32Array(this.bufAt + this.capacity + 4);
    if (this.hasTable) for (let p = 0; p < this.up; p++) this.mem.set(phaseTaps(p, this.up, this.halfTaps, this.cutoff), p * this.stride);
    this.buffered = this.halfTaps - 1;
    this.bufferStart = -(this.halfTaps - 1);
  }

  /** How many output samples `inputSamples` input samples give in total. */
  static outputLength(inputSamples: number, inputRate: number, outputRate: number): number {
    const g = gcd(inputRate, outputRate);
    return Math.ceil((inputSamples * (outputRate / g)) / (inputRate / g));
  }

  /** Appends input; writes every output sample it can into `out` from `at`; returns how many. */
  push(input: Float32Array, out: Float32Array, at: number): number {
    if (this.up === this.down) {
      // Same rate: a copy, no filter.
      const n = Math.min(input.length, out.length - at);
      out.set(input.subarray(0, n), at);
      return n;
    }
    this.append(input);
    this.consumed += input.length;
    return this.emit(out, at, false);
  }

  /** Ends the stream (zeros after the last sample) and writes the remaining output. */
  flush(out: Float32Array, at: number): number {
    if (this.up === this.down) return 0;
    this.append(new Float32Array(this.halfTaps + 1));
    return this.emit(out, at, true);
  }

  private emit(out: Float32Array, at: number, final: boolean): number {
    const total = Math.ceil((this.consumed * this.up) / this.down);
    const available = this.bufferStart + this.buffered;
    const { up, down, halfTaps } = this;
    const n = this.produced;
    // Position and phase of output n, advanced incrementally: pos = floor(n·down/up), phase = n·down mod up.
    let pos = Math.floor((n * down) / up);
    let phase = (n * down) % up;
    let written = 0;
    const limit = Math.min(total - n, out.length - at);
    while (written < limit) {
      if (!final && pos + halfTaps >= available) break;
      out[at + written++] = this.sample(pos - this.bufferStart - halfTaps + 1, phase);
      phase += down;
      while (phase >= up) {
        phase -= up;
        pos++;
      }
    }
    this.produced = n + written;
    this.compact(pos - halfTaps + 1);
    return written;
  }

  /** Σ taps[phase][j] · buffer[first + j]. */
  private sample(first: number, phase: number): number {
    const x = this.bufAt + first;
    if (this.simd) return this.simd.dot(phase * this.stride * 4, x * 4, this.stride);
    const mem = this.mem;
    if (this.up === this.down) return mem[x + this.halfTaps - 1]!;
    const h = this.hasTable ? mem : phaseTaps(phase, this.up, this.halfTaps, this.cutoff);
    const offset = this.hasTable ? phase * this.stride : 0;
    // Four accumulators: the additions do not wait on each other.
    let a = 0, b = 0, c = 0, d = 0;
    const taps = this.taps;
    let j = 0;
    for (; j + 3 < taps; j += 4) {
      a += h[offset + j]! * mem[x + j]!;
      b += h[offset + j + 1]! * mem[x + j + 1]!;
      c += h[offset + j + 2]! * mem[x + j + 2]!;
      d += h[offset + j + 3]! * mem[x + j + 3]!;
    }
    for (; j < taps; j++) a += h[offset + j]! * mem[x + j]!;
    return a + b + c + d;
  }

  private append(input: Float32Array): void {
    if (this.buffered + input.length > this.capacity) this.grow(Math.max(this.capacity * 2, this.buffered + input.length));
    this.mem.set(input, this.bufAt + this.buffered);
    this.buffered += input.length;
  }

  private grow(capacity: number): void {
    const floats = this.bufAt + capacity + 4;
    if (this.simd) {
      this.simd.ensure(floats);
      this.mem = this.simd.view;
    } else {
      const bigger = new Float32Array(floats);
      bigger.set(this.mem.subarray(0, this.bufAt + this.buffered));
      this.mem = bigger;
    }
    this.capacity = capacity;
  }

  /** Drops input before stream index `keepFrom`, which no later output needs. */
  private compact(keepFrom: number): void {
    const drop = Math.min(Math.max(0, keepFrom - this.bufferStart), this.buffered);
    if (drop < INITIAL_CAPACITY && this.buffered < this.capacity - INITIAL_CAPACITY) return;
    this.mem.copyWithin(this.bufAt, this.bufAt + drop, this.bufAt + this.buffered);
    this.buffered -= drop;
    this.bufferStart += drop;
  }
}

/**
 * Taps of phase p: output time t = base + p/up (in input samples) is weighted from inputs
 * base − halfTaps + 1 … base + halfTaps, at distances d = p/up + halfTaps − 1 − j.
 */
function phaseTaps(p: number, up: number, halfTaps: number, cutoff: number): Float64Array {
  const taps = 2 * halfTaps;
  const h = new Float64Array(taps);
  let sum = 0;
  for (let j = 0; j < taps; j++) {
    const d = p / up + halfTaps - 1 - j;
    h[j] = cutoff * sinc(cutoff * d) * kaiser(d / halfTaps);
    sum += h[j]!;
  }
  for (let j = 0; j < taps; j++) h[j] = h[j]! / sum;
  return h;
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

function kaiser(x: number): number {
  if (x <= -1 || x >= 1) return 0;
  return besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
}

function besselI0(x: number): number {
  let sum = 1, term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
