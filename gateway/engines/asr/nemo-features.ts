import { RealFft512, REAL_FFT_BINS, REAL_FFT_SIZE } from './real-fft-512';
import { slaneyMelFilterbank, type MelFilter } from './mel-filterbank';

/**
 * NeMo's log-mel front end (FilterbankFeatures + normalize_batch "per_feature"), exactly as
 * engines.md §1.2 gives it, for 16 kHz mono float32 in [-1, 1]: pre-emphasis 0.97, centred STFT
 * (512 points, hop 160, symmetric Hann of 400 zero-padded to 512), power spectrum, Slaney mel,
 * ln(x + 2^-24), per-feature normalisation over the valid frames, frames past them set to 0.
 * No dither (NeMo dithers only in training).
 */
export interface NemoFeatures {
  /** [numMels, numFrames], channel-first: features[m * numFrames + t]. */
  features: Float32Array;
  numMels: number;
  /** T = 1 + floor(N / 160). */
  numFrames: number;
  /** L = floor(N / 160): the `length` input of the encoders. */
  validFrames: number;
}

export const NEMO_SAMPLE_RATE = 16_000;
const HOP = 160;
const WIN = 400;
const PAD = REAL_FFT_SIZE / 2;
const WIN_OFFSET = (REAL_FFT_SIZE - WIN) / 2;
const PREEMPHASIS = 0.97;
const LOG_GUARD = 2 ** -24;
const STD_EPS = 1e-5;

/** np.hanning(400): the symmetric Hann window torch.hann_window(400, periodic=False) gives. */
const hann = Float64Array.from({ length: WIN }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (WIN - 1)));
const filterbanks = new Map<number, FlatFilterbank>();

export function nemoFeatures(samples: Float32Array, numMels: 80 | 128 = 128, validLength = samples.length): NemoFeatures {
  const n = Math.min(validLength, samples.length);
  const numFrames = 1 + Math.floor(samples.length / HOP);
  const validFrames = Math.floor(n / HOP);
  const features = new Float32Array(numMels * numFrames);
  if (validFrames === 0) return { features, numMels, numFrames, validFrames };
  // Log-mels stay float64 until normalised: a nearly constant band has a tiny std, and float32
  // rounding before the division would be magnified past the 1e-4 the tests hold us to.
  const logMel = new Float64Array(numMels * validFrames);
  const sums = logMelInto(samples, n, numMels, validFrames, logMel);
  normalizeInto(logMel, numMels, validFrames, sums, features, numFrames);
  return { features, numMels, numFrames, validFrames };
}

/** Log-mel of the valid frames into `out`; returns the per-feature sums (float64). */
function logMelInto(x: Float32Array, n: number, numMels: number, validFrames: number, out: Float64Array): Float64Array {
  const filters = filterbank(numMels);
  const fft = new RealFft512();
  const frame = new Float64Array(REAL_FFT_SIZE);
  const power = new Float64Array(REAL_FFT_BINS);
  const sums = new Float64Array(numMels);
  for (let t = 0; t < validFrames; t++) {
    windowFrame(x, n, t * HOP - PAD + WIN_OFFSET, frame);
    fft.powerSpectrum(frame, power);
    for (let m = 0; m < numMels; m++) {
      let e = 0;
      const bin = filters.firstBin[m]! - filters.offset[m]!;
      for (let j = filters.offset[m]!, end = filters.offset[m + 1]!; j < end; j++) e += filters.weights[j]! * power[bin + j]!;
      const v = Math.log(e + LOG_GUARD);
      out[m * validFrames + t] = v;
      sums[m] = sums[m]! + v;
    }
  }
  return sums;
}

/**
 * The pre-emphasised, windowed samples of the frame whose window starts at input index `first`:
 * y[0] = x[0], y[i] = x[i] − 0.97·x[i−1], zero outside [0, n). Interior frames skip the checks.
 */
function windowFrame(x: Float32Array, n: number, first: number, frame: Float64Array): void {
  if (first >= 1 && first + WIN <= n) {
    for (let k = 0; k < WIN; k++) frame[WIN_OFFSET + k] = (x[first + k]! - PREEMPHASIS * x[first + k - 1]!) * hann[k]!;
    return;
  }
  for (let k = 0; k < WIN; k++) {
    const i = first + k;
    const y = i < 0 || i >= n ? 0 : i === 0 ? x[0]! : x[i]! - PREEMPHASIS * x[i - 1]!;
    frame[WIN_OFFSET + k] = y * hann[k]!;
  }
}

/** (x − mean) / (std + 1e-5) per feature over the valid frames; std is unbiased (NaN → 0 when L = 1). */
function normalizeInto(logMel: Float64Array, numMels: number, validFrames: number, sums: Float64Array, out: Float32Array, numFrames: number): void {
  for (let m = 0; m < numMels; m++) {
    const row = m * validFrames;
    const mean = sums[m]! / validFrames;
    let sq = 0;
    for (let t = 0; t < validFrames; t++) {
      const d = logMel[row + t]! - mean;
      sq += d * d;
    }
    const std = (validFrames > 1 ? Math.sqrt(sq / (validFrames - 1)) : 0) + STD_EPS;
    const outRow = m * numFrames;
    for (let t = 0; t < validFrames; t++) out[outRow + t] = (logMel[row + t]! - mean) / std;
  }
}

/** The filterbank flattened: filter m's weights are weights[offset[m] … offset[m+1]), from bin firstBin[m]. */
interface FlatFilterbank {
  firstBin: Int32Array;
  offset: Int32Array;
  weights: Float64Array;
}

function filterbank(numMels: number): FlatFilterbank {
  let fb = filterbanks.get(numMels);
  if (!fb) {
    fb = flatten(slaneyMelFilterbank(NEMO_SAMPLE_RATE, REAL_FFT_SIZE, numMels));
    filterbanks.set(numMels, fb);
  }
  return fb;
}

function flatten(filters: MelFilter[]): FlatFilterbank {
  const offset = new Int32Array(filters.length + 1);
  filters.forEach((f, m) => (offset[m + 1] = offset[m]! + f.weights.length));
  const weights = new Float64Array(offset[filters.length]!);
  filters.forEach((f, m) => weights.set(f.weights, offset[m]!));
  return { firstBin: Int32Array.from(filters, (f) => f.firstBin), offset, weights };
}
