/**
 * A streaming polyphase resampler: windowed sinc (Kaiser window), cut-off below the lower of the
 * two Nyquist frequencies, so downsampling does not alias. The rate ratio is kept exact as L/M
 * (16000/44100 = 160/441); each of the L phases has its own precomputed, DC-normalised taps.
 * Feed blocks of any size with push(); finish with flush(). Output length for N input samples is
 * ceil(N·L/M).
 */
const ZERO_CROSSINGS = 8;
const KAISER_BETA = 8;
/** Passband edge as a fraction of the lower Nyquist frequency; the rest is the transition band. */
const ROLLOFF = 0.9;
/** Above this many taps in total, phases are computed as needed rather than stored. */
const MAX_TABLE_TAPS = 1 << 20;

export class Resampler {
  readonly up: number;
  readonly down: number;
  private readonly taps: number;
  private readonly halfTaps: number;
  private readonly table: Float64Array | null;
  private readonly cutoff: number;
  /** Input not yet fully used, preceded by halfTaps of history (zeros at the start). */
  private buffer: Float64Array;
  private buffered: number;
  /** Index, in the whole input stream, of buffer[0]. */
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
    this.table = this.up * this.taps <= MAX_TABLE_TAPS && this.up !== this.down ? buildTable(this.up, this.halfTaps, this.cutoff) : null;
    this.buffer = new Float64Array(this.taps + 65_536);
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

  private sample(first: number, phase: number): number {
    const x = this.buffer;
    if (this.up === this.down) return x[first + this.halfTaps - 1]!;
    const h = this.table ?? phaseTaps(phase, this.up, this.halfTaps, this.cutoff);
    const offset = this.table ? phase * this.taps : 0;
    // Four accumulators: the additions do not wait on each other.
    let a = 0, b = 0, c = 0, d = 0;
    const taps = this.taps;
    let j = 0;
    for (; j + 3 < taps; j += 4) {
      a += h[offset + j]! * x[first + j]!;
      b += h[offset + j + 1]! * x[first + j + 1]!;
      c += h[offset + j + 2]! * x[first + j + 2]!;
      d += h[offset + j + 3]! * x[first + j + 3]!;
    }
    for (; j < taps; j++) a += h[offset + j]! * x[first + j]!;
    return a + b + c + d;
  }

  private append(input: Float32Array): void {
    if (this.buffered + input.length > this.buffer.length) {
      const bigger = new Float64Array(Math.max(this.buffer.length * 2, this.buffered + input.length));
      bigger.set(this.buffer.subarray(0, this.buffered));
      this.buffer = bigger;
    }
    this.buffer.set(input, this.buffered);
    this.buffered += input.length;
  }

  /** Drops input before stream index `keepFrom`, which no later output needs. */
  private compact(keepFrom: number): void {
    const drop = Math.min(Math.max(0, keepFrom - this.bufferStart), this.buffered);
    if (drop < 65_536 && this.buffered < this.buffer.length - 65_536) return;
    this.buffer.copyWithin(0, drop, this.buffered);
    this.buffered -= drop;
    this.bufferStart += drop;
  }
}

function buildTable(up: number, halfTaps: number, cutoff: number): Float64Array {
  const taps = 2 * halfTaps;
  const table = new Float64Array(up * taps);
  for (let p = 0; p < up; p++) table.set(phaseTaps(p, up, halfTaps, cutoff), p * taps);
  return table;
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
    const w = kaiser(d / halfTaps);
    h[j] = cutoff * sinc(cutoff * d) * w;
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
