/**
 * librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False, norm="slaney"): the Slaney
 * mel scale with area normalisation, as NeMo's FilterbankFeatures builds it (engines.md §1.2).
 * Each filter is a triangle over a few FFT bins, kept sparse: its first bin and its weights.
 */
export interface MelFilter {
  firstBin: number;
  weights: Float64Array;
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number): number {
  return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
}

export function melToHz(mel: number): number {
  return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
}

export function slaneyMelFilterbank(sampleRate: number, fftSize: number, numMels: number): MelFilter[] {
  const bins = fftSize / 2 + 1;
  const fftHz = Array.from({ length: bins }, (_, i) => (i * sampleRate) / fftSize);
  const maxMel = hzToMel(sampleRate / 2);
  const pts = Array.from({ length: numMels + 2 }, (_, i) => melToHz((maxMel * i) / (numMels + 1)));
  const filters: MelFilter[] = [];
  for (let m = 0; m < numMels; m++) {
    const lo = pts[m]!, mid = pts[m + 1]!, hi = pts[m + 2]!;
    const norm = 2 / (hi - lo);
    const row = fftHz.map((f) => Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid))) * norm);
    const first = row.findIndex((w) => w > 0);
    const last = row.length - 1 - [...row].reverse().findIndex((w) => w > 0);
    filters.push(first < 0 ? { firstBin: 0, weights: new Float64Array(0) } : { firstBin: first, weights: Float64Array.from(row.slice(first, last + 1)) });
  }
  return filters;
}
