import type { SpeakerTurn } from '../../audio/transcript';
import { embeddingRows, minSegmentationFrames, CHUNK_FBANK_FRAMES } from './embedding-frames';
import { chunkStarts, LOCAL_SPEAKERS, paddedLength, SAMPLE_RATE, STEP_SAMPLES, WINDOW_SAMPLES } from './frame-grid';
import { columnPrefixSums, FBANK_BINS, fbankFrameCount, logMelFrames, meanOfRows } from './kaldi-fbank';
import { PYANNOTE_31_PARAMS, type PipelineParams } from './pipeline-params';
import { powersetToMultilabel } from './powerset';
import { reconstruct } from './reconstruction';
import { clusterSpeakers, type SpeakerBounds } from './speaker-clustering';
import { speakerCount } from './speaker-count';
import { activeClusters, activityToTurns } from './turns';

/** The two networks, whatever runs them (ONNX Runtime in the worker, stubs in unit tests). */
export interface DiarizationModels {
  /** `batch` chunks of 160 000 samples → log-probabilities [batch × 589 × 7]. */
  segment(chunks: Float32Array, batch: number): Promise<Float32Array>;
  /** Fbank rows [rows × 80] (CMN applied) → one embedding. */
  embed(features: Float32Array, rows: number): Promise<Float32Array>;
  /** The embedding model's smallest input in samples (pyannote's `min_num_samples`). */
  minNumSamples: number;
}

export interface DiarizeOptions {
  bounds?: SpeakerBounds;
  params?: Partial<PipelineParams>;
  signal?: AbortSignal;
  onProgress?: (progress: { stage: 'segmentation' | 'embeddings'; done: number; total: number }) => void;
}

export interface Diarization {
  durationSeconds: number;
  /** `SPEAKER_00`, `SPEAKER_01`, … in cluster order. */
  speakers: string[];
  /** Turns, overlapping where speakers overlap. */
  turns: SpeakerTurn[];
  /** At most one speaker at a time (the count capped at 1), to give words a speaker. */
  exclusiveTurns: SpeakerTurn[];
  /** Mean embedding per speaker, aligned with `speakers` (zeros when a speaker has none). */
  centroids: Float32Array[];
  timing: { segmentationMs: number; embeddingMs: number; clusteringMs: number };
}

/** The speaker-diarization-3.1 pipeline on 16 kHz mono samples (engines.md §2.6). */
export async function diarize(audio: Float32Array, models: DiarizationModels, options: DiarizeOptions = {}): Promise<Diarization> {
  const params = { ...PYANNOTE_31_PARAMS, ...options.params };
  const bounds = options.bounds ?? {};
  const durationSeconds = audio.length / SAMPLE_RATE;
  const numChunks = chunkStarts(audio.length).length;
  // The last chunk is zero-padded (pyannote's `crop(mode="pad")`); views avoid copying the audio.
  const padded = paddedView(audio, paddedLength(numChunks));
  let t = performance.now();
  const segmentation = await segmentAll(padded, numChunks, models, params.segmentationBatchSize, options);
  const segmentationMs = performance.now() - t;
  const maxSpeakers = bounds.numSpeakers || bounds.maxSpeakers || Infinity;
  const count = speakerCount(segmentation, numChunks, maxSpeakers);
  if (!count.some((c) => c > 0)) {
    return { durationSeconds, speakers: [], turns: [], exclusiveTurns: [], centroids: [], timing: { segmentationMs, embeddingMs: 0, clusteringMs: 0 } };
  }
  t = performance.now();
  const { embeddings, dim } = await embedAll(padded, segmentation, numChunks, models, params, options);
  const embeddingMs = performance.now() - t;
  t = performance.now();
  const { hard, centroids } = clusterSpeakers({ embeddings, dim, numChunks, segmentation, bounds, params, maxTrainEmbeddings: params.maxTrainEmbeddings });
  const result = toDiarization(segmentation, hard, centroids, dim, numChunks, count, durationSeconds, params.minDurationOff);
  return { ...result, timing: { segmentationMs, embeddingMs, clusteringMs: performance.now() - t } };
}

/** Reconstruction (overlapping and exclusive), labels in cluster order, centroids per label. */
function toDiarization(segmentation: Uint8Array, hard: Int32Array, centroids: Float64Array[], dim: number, numChunks: number, count: Uint8Array, durationSeconds: number, minDurationOff: number): Omit<Diarization, 'timing'> {
  const activity = reconstruct(segmentation, hard, numChunks, count);
  const exclusive = reconstruct(segmentation, hard, numChunks, count.map((c) => Math.min(c, 1)));
  const clusters = activeClusters(activity);
  const labelOf = (k: number): string => {
    const i = clusters.indexOf(k);
    return `SPEAKER_${String(i < 0 ? clusters.length + k : i).padStart(2, '0')}`;
  };
  return {
    durationSeconds,
    speakers: clusters.map(labelOf),
    turns: activityToTurns(activity, durationSeconds, labelOf, minDurationOff),
    exclusiveTurns: activityToTurns(exclusive, durationSeconds, labelOf, minDurationOff),
    centroids: clusters.map((k) => Float32Array.from(centroids[k] ?? new Float64Array(dim))),
  };
}

/** Samples [start, end) of the audio followed by zeros up to its padded length. */
type PaddedAudio = (start: number, end: number) => Float32Array;

function paddedView(audio: Float32Array, length: number): PaddedAudio {
  return (start, end) => {
    if (end > length) throw new RangeError(`window [${start}, ${end}) past the padded length ${length}`);
    if (end <= audio.length) return audio.subarray(start, end);
    const out = new Float32Array(end - start);
    if (start < audio.length) out.set(audio.subarray(start));
    return out;
  };
}

/** Binary segmentation [chunks × 589 × 3] of every chunk, in batches. */
async function segmentAll(padded: PaddedAudio, numChunks: number, models: DiarizationModels, batchSize: number, options: DiarizeOptions): Promise<Uint8Array> {
  const out = new Uint8Array(numChunks * 589 * LOCAL_SPEAKERS);
  for (let first = 0; first < numChunks; first += batchSize) {
    options.signal?.throwIfAborted();
    const batch = Math.min(batchSize, numChunks - first);
    const input = new Float32Array(batch * WINDOW_SAMPLES);
    for (let b = 0; b < batch; b++) input.set(padded((first + b) * STEP_SAMPLES, (first + b) * STEP_SAMPLES + WINDOW_SAMPLES), b * WINDOW_SAMPLES);
    out.set(powersetToMultilabel(await models.segment(input, batch), batch), first * 589 * LOCAL_SPEAKERS);
    options.onProgress?.({ stage: 'segmentation', done: first + batch, total: numChunks });
  }
  return out;
}

/** Chunks whose fbank is computed together: chunk frames overlap 90 %, so a block shares them. */
const FBANK_BLOCK_CHUNKS = 64;

/** One embedding per (chunk, local speaker), NaN where the speaker is silent or too short. */
async function embedAll(padded: PaddedAudio, segmentation: Uint8Array, numChunks: number, models: DiarizationModels, params: PipelineParams, options: DiarizeOptions): Promise<{ embeddings: Float32Array; dim: number }> {
  const minFrames = minSegmentationFrames(models.minNumSamples);
  const minRows = Math.max(1, fbankFrameCount(models.minNumSamples));
  const framesPerStep = STEP_SAMPLES / 160;
  const vectors: (Float32Array | null)[] = [];
  for (let first = 0; first < numChunks; first += FBANK_BLOCK_CHUNKS) {
    const last = Math.min(numChunks, first + FBANK_BLOCK_CHUNKS) - 1;
    const logMel = logMelFrames(padded(first * STEP_SAMPLES, last * STEP_SAMPLES + WINDOW_SAMPLES));
    const sums = columnPrefixSums(logMel);
    for (let c = first; c <= last; c++) {
      options.signal?.throwIfAborted();
      const firstRow = (c - first) * framesPerStep;
      // CMN over the chunk's 998 rows, whichever rows the speaker's embedding then uses.
      const chunk = { logMel, firstRow, mean: meanOfRows(sums, firstRow, CHUNK_FBANK_FRAMES) };
      for (let s = 0; s < LOCAL_SPEAKERS; s++) {
        const rows = embeddingRows(segmentation, c, s, params.embeddingExcludeOverlap ? minFrames : Infinity);
        vectors.push(rows ? await embedRows(models, chunk, rows, minRows) : null);
      }
      // Every 30 chunks (30 s of audio) and at the end: progress crosses IPC, keep it sparse.
      if ((c + 1) % 30 === 0 || c === numChunks - 1) options.onProgress?.({ stage: 'embeddings', done: c + 1, total: numChunks });
    }
  }
  const dim = vectors.find((v) => v !== null)?.length ?? 1;
  const embeddings = new Float32Array(vectors.length * dim).fill(Number.NaN);
  vectors.forEach((v, i) => { if (v) embeddings.set(v, i * dim); });
  return { embeddings, dim };
}

/** The chunk's selected fbank rows, mean-normalised, through the embedding model. */
async function embedRows(models: DiarizationModels, chunk: { logMel: Float32Array; firstRow: number; mean: Float32Array }, rows: Uint8Array, minRows: number): Promise<Float32Array | null> {
  let selected = 0;
  for (const r of rows) selected += r;
  if (selected < minRows) return null;
  const feats = new Float32Array(selected * FBANK_BINS);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    if (!rows[i]) continue;
    const from = (chunk.firstRow + i) * FBANK_BINS;
    for (let m = 0; m < FBANK_BINS; m++) feats[k * FBANK_BINS + m] = chunk.logMel[from + m]! - chunk.mean[m]!;
    k++;
  }
  const v = await models.embed(feats, selected);
  return v.some((x) => Number.isNaN(x)) ? null : v;
}
