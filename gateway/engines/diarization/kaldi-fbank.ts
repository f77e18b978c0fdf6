import { RealFft512 } from '../asr/real-fft-512';

/**
 * Kaldi log-mel filterbank as WeSpeaker/pyannote configure torchaudio's `compliance.kaldi.fbank`
 * (engines.md §2.5): int16 scale, 25 ms frames every 10 ms with snip_edges, no dither, DC removal,
 * pre-emphasis 0.97, symmetric Hamming, 512-point power spectrum, 80 mel bins over 20–8000 Hz,
 * log floored at float32 eps. CMN is separate (`subtractMean`) because chunks share frames.
 */
export const FBANK_BINS = 80;
export const FBANK_FRAME_LENGTH = 400;
export const FBANK_FRAME_SHIFT = 160;
const FFT_SIZE = 512;
const PREEMPHASIS = 0.97;
const LOG_FLOOR = 1.1920928955078125e-7;

/** Frames Kaldi makes of `numSamples` with snip_edges=true. */
export function fbankFrameCount(numSamples: number): number {
  return numSamples < FBANK_FRAME_LENGTH ? 0 : 1 + Math.floor((numSamples - FBANK_FRAME_LENGTH) / FBANK_FRAME_SHIFT);
}

/** Log-mel energies of every frame of `waveform` (16 kHz, [-1, 1]): [frames × 80], row-major. */
export function logMelFrames(waveform: Float32Array): Float32Array {
  const frames = fbankFrameCount(waveform.length);
  const out = new Float32Array(frames * FBANK_BINS);
  const frame = new Float64Array(FFT_SIZE); // samples 400..511 stay zero: the padding
  const power = new Float64Array(FFT_SIZE / 2 + 1);
  const fft = new RealFft512();
  for (let t = 0; t < frames; t++) {
    prepareFrame(waveform, t * FBANK_FRAME_SHIFT, frame);
    fft.powerSpectrum(frame, power);
    for (let m = 0; m < FBANK_BINS; m++) {
      const bank = MEL_BANKS[m]!;
      let energy = 0;
      for (let k = 0; k < bank.weights.length; k++) energy += bank.weights[k]! * power[bank.first + k]!;
      out[t * FBANK_BINS + m] = Math.log(Math.max(energy, LOG_FLOOR));
    }
  }
  return out;
}

/** CMN: subtracts, per mel bin, the mean over `rows` rows starting at `firstRow`; returns a copy. */
export function subtractMean(features: Float32Array, firstRow: number, rows: number): Float32Array {
  const out = features.slice(firstRow * FBANK_BINS, (firstRow + rows) * FBANK_BINS);
  const mean = new Float64Array(FBANK_BINS);
  for (let r = 0; r < rows; r++) for (let m = 0; m < FBANK_BINS; m++) mean[m]! += out[r * FBANK_BINS + m]!;
  for (let m = 0; m < FBANK_BINS; m++) mean[m] = mean[m]! / Math.max(rows, 1);
  for (let r = 0; r < rows; r++) for (let m = 0; m < FBANK_BINS; m++) out[r * FBANK_BINS + m] = out[r * FBANK_BINS + m]! - mean[m]!;
  return out;
}

/**
 * Per-bin running sums of the rows, [(rows + 1) × 80]: the CMN mean of any run of rows is then
 * two subtractions (chunks overlap 90 %, so their means share almost all their rows).
 */
export function columnPrefixSums(features: Float32Array): Float64Array {
  const rows = features.length / FBANK_BINS;
  const sums = new Float64Array((rows + 1) * FBANK_BINS);
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < FBANK_BINS; m++) sums[(r + 1) * FBANK_BINS + m] = sums[r * FBANK_BINS + m]! + features[r * FBANK_BINS + m]!;
  }
  return sums;
}

/** The mean of rows [first, first + count) per mel bin, from `columnPrefixSums`. */
export function meanOfRows(sums: Float64Array, first: number, count: number): Float32Array {
  const mean = new Float32Array(FBANK_BINS);
  for (let m = 0; m < FBANK_BINS; m++) mean[m] = (sums[(first + count) * FBANK_BINS + m]! - sums[first * FBANK_BINS + m]!) / count;
  return mean;
}

/** Scale, DC removal, pre-emphasis and window of the frame starting at `start`. */
function prepareFrame(waveform: Float32Array, start: number, frame: Float64Array): void {
  let mean = 0;
  for (let i = 0; i < FBANK_FRAME_LENGTH; i++) {
    frame[i] = waveform[start + i]! * 32768;
    mean += frame[i]!;
  }
  mean /= FBANK_FRAME_LENGTH;
  for (let i = 0; i < FBANK_FRAME_LENGTH; i++) frame[i] = frame[i]! - mean;
  for (let i = FBANK_FRAME_LENGTH - 1; i > 0; i--) frame[i] = frame[i]! - PREEMPHASIS * frame[i - 1]!;
  frame[0] = frame[0]! - PREEMPHASIS * frame[0]!;
  for (let i = 0; i < FBANK_FRAME_LENGTH; i++) frame[i] = frame[i]! * HAMMING[i]!;
}

const HAMMING = Float64Array.from({ length: FBANK_FRAME_LENGTH }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FBANK_FRAME_LENGTH - 1)));

interface MelBank {
  first: number;
  weights: Float64Array;
}

/** Kaldi's triangular mel banks over FFT bins 0..255 (the Nyquist bin gets no weight). */
function melBanks(sampleRate: number, lowHz: number, highHz: number): MelBank[] {
  const mel = (hz: number): number => 1127 * Math.log(1 + hz / 700);
  const binHz = sampleRate / FFT_SIZE;
  const melLow = mel(lowHz);
  const delta = (mel(highHz) - melLow) / (FBANK_BINS + 1);
  return Array.from({ length: FBANK_BINS }, (_, b) => {
    const left = melLow + b * delta;
    const centre = left + delta;
    const right = centre + delta;
    const weights: number[] = [];
    let first = -1;
    for (let i = 0; i < FFT_SIZE / 2; i++) {
      const m = mel(binHz * i);
      const w = Math.max(0, Math.min((m - left) / (centre - left), (right - m) / (right - centre)));
      if (w > 0 && first < 0) first = i;
      if (first >= 0 && w > 0) weights[i - first] = w;
    }
    return { first: Math.max(first, 0), weights: Float64Array.from(weights, (w) => w ?? 0) };
  });
}

const MEL_BANKS = melBanks(16_000, 20, 8000);
