import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { FRAMES_PER_CHUNK, POWERSET_CLASSES, SAMPLE_RATE, WINDOW_SAMPLES } from './frame-grid';
import { FBANK_BINS, fbankFrameCount, logMelFrames, subtractMean } from './kaldi-fbank';
import type { DiarizationModels } from './pipeline';

/**
 * The two ONNX sessions as the pipeline's `DiarizationModels`. Input and output names are read
 * from the sessions, so both published forms load: onnx-community (`input_values` → `logits`) or
 * sherpa (`x` → `y`) for segmentation; `feats` → `embs` for the WeSpeaker embedding.
 */
export interface OnnxTimings {
  /** Milliseconds spent inside ONNX Runtime, per network. */
  segmentationMs: number;
  embeddingMs: number;
}

export async function onnxDiarizationModels(segmentation: InferenceSession, embedding: InferenceSession): Promise<DiarizationModels & { timings: OnnxTimings; embedWaveform(samples: Float32Array): Promise<Float32Array | null> }> {
  const timings: OnnxTimings = { segmentationMs: 0, embeddingMs: 0 };
  const segIn = segmentation.inputNames[0]!;
  const segOut = segmentation.outputNames[0]!;
  const embIn = embedding.inputNames[0]!;
  const embOut = embedding.outputNames[0]!;
  const embed = async (features: Float32Array, rows: number): Promise<Float32Array> => {
    const t = performance.now();
    const out = await embedding.run({ [embIn]: new Tensor('float32', features, [1, rows, FBANK_BINS]) });
    timings.embeddingMs += performance.now() - t;
    return Float32Array.from(out[embOut]!.data as Float32Array);
  };
  const models = {
    timings,
    minNumSamples: 0,
    async segment(chunks: Float32Array, batch: number): Promise<Float32Array> {
      const t = performance.now();
      const out = await segmentation.run({ [segIn]: new Tensor('float32', chunks, [batch, 1, WINDOW_SAMPLES]) });
      timings.segmentationMs += performance.now() - t;
      const logits = out[segOut]!;
      if (logits.dims[1] !== FRAMES_PER_CHUNK || logits.dims[2] !== POWERSET_CLASSES) {
        throw new Error(`the segmentation model returned [${logits.dims.join(',')}], not [${batch},${FRAMES_PER_CHUNK},${POWERSET_CLASSES}]: it is not a segmentation-3.0 export`);
      }
      return logits.data as Float32Array;
    },
    embed,
    /** The embedding of a whole clip (a known speaker's reference), CMN over the clip. */
    async embedWaveform(samples: Float32Array): Promise<Float32Array | null> {
      const rows = fbankFrameCount(samples.length);
      if (rows < Math.max(1, fbankFrameCount(models.minNumSamples))) return null;
      const v = await embed(subtractMean(logMelFrames(samples), 0, rows), rows);
      return v.some(Number.isNaN) ? null : v;
    },
  };
  models.minNumSamples = await findMinNumSamples(embed);
  return models;
}

/**
 * pyannote's `min_num_samples`: the smallest input (binary search over [2, 0.5 s]) on which the
 * embedding model returns finite values without error.
 */
async function findMinNumSamples(embed: (features: Float32Array, rows: number) => Promise<Float32Array>): Promise<number> {
  const accepts = async (samples: number): Promise<boolean> => {
    const rows = fbankFrameCount(samples);
    if (rows === 0) return false;
    let seed = 1;
    const noise = Float32Array.from({ length: samples }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.1);
    try {
      const v = await embed(subtractMean(logMelFrames(noise), 0, rows), rows);
      return v.every(Number.isFinite);
    } catch {
      return false;
    }
  };
  let lower = 2;
  let upper = Math.round(0.5 * SAMPLE_RATE);
  if (!(await accepts(upper))) throw new Error('the embedding model fails on 0.5 s of audio: it is not a WeSpeaker-style [B,T,80] → [B,D] export');
  while (lower + 1 < upper) {
    const middle = Math.floor((lower + upper) / 2);
    if (await accepts(middle)) upper = middle;
    else lower = middle;
  }
  return upper;
}
