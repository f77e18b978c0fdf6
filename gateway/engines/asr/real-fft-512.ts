/**
 * A real FFT of size 512, computed as a complex FFT of size 256 on the even/odd samples and one
 * split step (the classic packing trick). Twiddles and the bit-reversal order are computed once;
 * the first two radix-2 stages, whose twiddles are 1 and −i, run as one radix-4 pass.
 * Float64 throughout: the log-mel that follows is compared to numpy to 1e-4.
 */
const N = 512;
const H = N / 2;
const BITS = 8;

const bitReversed = new Uint16Array(H);
for (let i = 0; i < H; i++) {
  let r = 0;
  for (let b = 0; b < BITS; b++) r |= ((i >> b) & 1) << (BITS - 1 - b);
  bitReversed[i] = r;
}
/** Stage twiddles e^{-2πik/size} for size = 8 … 256, laid out one stage after the other. */
const stageCos = new Float64Array(H);
const stageSin = new Float64Array(H);
for (let size = 8, at = 0; size <= H; at += size / 2, size <<= 1) {
  for (let k = 0; k < size / 2; k++) {
    stageCos[at + k] = Math.cos((2 * Math.PI * k) / size);
    stageSin[at + k] = -Math.sin((2 * Math.PI * k) / size);
  }
}
/** e^{-2πik/512}, k ≤ 256: the split step's twiddles. */
const splitCos = new Float64Array(H + 1);
const splitSin = new Float64Array(H + 1);
for (let k = 0; k <= H; k++) {
  splitCos[k] = Math.cos((2 * Math.PI * k) / N);
  splitSin[k] = -Math.sin((2 * Math.PI * k) / N);
}

export const REAL_FFT_SIZE = N;
export const REAL_FFT_BINS = H + 1;

/** Scratch buffers of one caller; not shared between concurrent users. */
export class RealFft512 {
  private readonly re = new Float64Array(H);
  private readonly im = new Float64Array(H);

  /** Writes |X[k]|² for k = 0..256 of the 512 real samples `frame` into `power`. */
  powerSpectrum(frame: Float64Array, power: Float64Array): void {
    const re = this.re, im = this.im;
    for (let i = 0; i < H; i++) {
      const j = bitReversed[i]!;
      re[j] = frame[2 * i]!;
      im[j] = frame[2 * i + 1]!;
    }
    radix4FirstStages(re, im);
    radix2Stages(re, im);
    // Bins 0 and 256 come from Z[0] alone.
    const r0 = re[0]!, i0 = im[0]!;
    power[0] = (r0 + i0) * (r0 + i0);
    power[H] = (r0 - i0) * (r0 - i0);
    for (let k = 1; k < H; k++) {
      const a = re[k]!, b = im[k]!, c = re[H - k]!, d = im[H - k]!;
      const evenRe = 0.5 * (a + c), evenIm = 0.5 * (b - d);
      const oddRe = 0.5 * (b + d), oddIm = 0.5 * (c - a);
      const wr = splitCos[k]!, wi = splitSin[k]!;
      const xr = evenRe + wr * oddRe - wi * oddIm;
      const xi = evenIm + wr * oddIm + wi * oddRe;
      power[k] = xr * xr + xi * xi;
    }
  }
}

/** Stages of size 2 and 4 in one pass over each group of four (bit-reversed input). */
function radix4FirstStages(re: Float64Array, im: Float64Array): void {
  for (let p = 0; p < H; p += 4) {
    const ar = re[p]! + re[p + 1]!, ai = im[p]! + im[p + 1]!;
    const br = re[p]! - re[p + 1]!, bi = im[p]! - im[p + 1]!;
    const cr = re[p + 2]! + re[p + 3]!, ci = im[p + 2]! + im[p + 3]!;
    const dr = re[p + 2]! - re[p + 3]!, di = im[p + 2]! - im[p + 3]!;
    re[p] = ar + cr; im[p] = ai + ci;
    re[p + 2] = ar - cr; im[p + 2] = ai - ci;
    // d · (−i) = (di, −dr)
    re[p + 1] = br + di; im[p + 1] = bi - dr;
    re[p + 3] = br - di; im[p + 3] = bi + dr;
  }
}

/**
 * The radix-2 stages of sizes 8 … 256 two at a time (radix-2², same bit-reversed order): each pass
 * loads four values, applies the stage-s butterflies then the stage-2s ones, and stores them once.
 */
function radix2Stages(re: Float64Array, im: Float64Array): void {
  for (let s = 8; s <= H / 2; s <<= 2) {
    const quarter = s >> 1;
    const offS = stageOffset(s), off2S = stageOffset(2 * s);
    for (let start = 0; start < H; start += 2 * s) {
      for (let k = 0; k < quarter; k++) {
        const a = start + k, b = a + quarter, c = a + s, d = c + quarter;
        const w1r = stageCos[offS + k]!, w1i = stageSin[offS + k]!;
        const w2r = stageCos[off2S + k]!, w2i = stageSin[off2S + k]!;
        // Stage s: (a, b) and (c, d) with W_s^k.
        const br = w1r * re[b]! - w1i * im[b]!, bi = w1r * im[b]! + w1i * re[b]!;
        const dr = w1r * re[d]! - w1i * im[d]!, di = w1r * im[d]! + w1i * re[d]!;
        const a1r = re[a]! + br, a1i = im[a]! + bi, b1r = re[a]! - br, b1i = im[a]! - bi;
        const c1r = re[c]! + dr, c1i = im[c]! + di, d1r = re[c]! - dr, d1i = im[c]! - di;
        // Stage 2s: (a, c) with W_2s^k, (b, d) with W_2s^(k+s/2) = −i·W_2s^k.
        const tcr = w2r * c1r - w2i * c1i, tci = w2r * c1i + w2i * c1r;
        const ur = w2r * d1r - w2i * d1i, ui = w2r * d1i + w2i * d1r;
        const tdr = ui, tdi = -ur;
        re[a] = a1r + tcr; im[a] = a1i + tci; re[c] = a1r - tcr; im[c] = a1i - tci;
        re[b] = b1r + tdr; im[b] = b1i + tdi; re[d] = b1r - tdr; im[d] = b1i - tdi;
      }
    }
  }
}

/** Where the twiddles of stage `size` start in stageCos/stageSin (sizes 8, 16, … laid out in order). */
function stageOffset(size: number): number {
  return size / 2 - 4;
}
