import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createOnnxSession } from '../onnx-session';
import type { LoadedEngine, WorkerEngine } from '../worker-engine';
import { onnxDiarizationModels } from './onnx-diarization-models';
import { diarize, type Diarization } from './pipeline';
import { parsePipelineConfig, resolveCheckpoints, type PipelineConfig } from './pipeline-config';
import { SAMPLE_RATE } from './frame-grid';
import type { SpeakerBounds } from './speaker-clustering';
import { nameSpeakers } from './speaker-naming';

/** A diarization request: 16 kHz mono float32 samples (a typed array over IPC, not JSON). */
export interface DiarizationRequest {
  audio: Float32Array;
  bounds?: SpeakerBounds;
  /** Known speakers: names and their 16 kHz reference clips, matched to clusters by embedding. */
  knownSpeakers?: Array<{ name: string; audio: Float32Array }>;
}

export interface DiarizationResult extends Omit<Diarization, 'centroids'> {
  /** Label → known speaker name, for the labels a reference matched. */
  names: Record<string, string>;
  /** Milliseconds inside ONNX Runtime for this request. */
  onnxMs: { segmentation: number; embedding: number };
}

/**
 * The `pyannote` worker engine: speaker-diarization-3.1 on ONNX Runtime. Snapshot roles:
 * `pipeline` (config.yaml, optional), `segmentation` and `embedding` (ONNX exports; when absent,
 * config.yaml's references are resolved in the cache).
 */
export const pyannoteEngine: WorkerEngine<DiarizationRequest, DiarizationResult> = {
  async load(snapshotDirs, _options, device) {
    const config = readConfig(snapshotDirs.pipeline);
    const files = resolveCheckpoints(snapshotDirs, config);
    const seg = await createOnnxSession(files.segmentation, device);
    const emb = await createOnnxSession(files.embedding, device);
    const models = await onnxDiarizationModels(seg.session, emb.session);
    const loaded: LoadedEngine<DiarizationRequest, DiarizationResult> = {
      device: seg.device,
      async run(request, onProgress, signal) {
        checkRequest(request);
        const before = { ...models.timings };
        const result = await diarize(request.audio, models, { bounds: request.bounds, params: config.params, signal, onProgress });
        const references = [];
        for (const k of request.knownSpeakers ?? []) references.push({ name: k.name, embedding: await models.embedWaveform(k.audio) });
        const { centroids, ...rest } = result;
        return {
          ...rest,
          names: nameSpeakers(result.speakers, centroids, references),
          onnxMs: { segmentation: models.timings.segmentationMs - before.segmentationMs, embedding: models.timings.embeddingMs - before.embeddingMs },
        };
      },
      async dispose() {
        await seg.session.release();
        await emb.session.release();
      },
    };
    return loaded;
  },
};

function readConfig(pipelineDir: string | undefined): PipelineConfig {
  const file = pipelineDir === undefined ? undefined : join(pipelineDir, 'config.yaml');
  if (file === undefined || !existsSync(file)) return { params: {}, checkpoints: {} };
  return parsePipelineConfig(readFileSync(file, 'utf8'));
}

function checkRequest(request: DiarizationRequest): void {
  if (!(request?.audio instanceof Float32Array)) throw new TypeError('the diarization request needs `audio`, a Float32Array of 16 kHz mono samples');
  for (const k of request.knownSpeakers ?? []) {
    if (!(k.audio instanceof Float32Array) || k.audio.length < 2 * SAMPLE_RATE) throw new RangeError(`the reference of known speaker "${k.name}" must hold at least 2 s of audio`);
  }
}
