import type { EngineName, ModelTask, RepoRef } from '../contract/models';

/** A catalog entry as stored: what the model is and where it comes from (no runtime state). */
export interface CatalogEntry {
  key: string;
  displayName: string;
  task: ModelTask;
  engine: EngineName;
  preset: boolean;
  repos: RepoRef[];
  gated: boolean;
  /** Approximate download size of the preset; the hub's file list gives the exact one. */
  expectedBytes: number | null;
  options?: Record<string, unknown>;
}

const ONNX_ASR_FILES = ['config.json', 'vocab.txt', '*.onnx', '*.onnx.data'];

/**
 * The built-in models, under the guide's keys. Repo ids and file names follow
 * reference/engines.md (§1.1 onnx-asr layouts, §2 pyannote 3.1 and its ONNX exports).
 */
export const PRESETS: readonly CatalogEntry[] = [
  {
    key: 'qwen', displayName: 'Qwen2.5 7B Instruct', task: 'chat', engine: 'vllm', preset: true, gated: false,
    repos: [{ repo: 'Qwen/Qwen2.5-7B-Instruct', revision: 'main', files: ['*.json', '*.safetensors', 'merges.txt', 'LICENSE'] }],
    expectedBytes: 15_240_000_000,
  },
  {
    key: 'canary', displayName: 'NVIDIA Canary 1B v2 (ONNX)', task: 'transcription', engine: 'nemo-aed', preset: true, gated: false,
    repos: [{ repo: 'istupakov/canary-1b-v2-onnx', revision: 'main', files: ONNX_ASR_FILES }],
    expectedBytes: 5_000_000_000,
    // The small CPU-friendly variant is a user entry away: repo istupakov/canary-180m-flash-onnx.
    options: { smallVariantRepo: 'istupakov/canary-180m-flash-onnx' },
  },
  {
    key: 'parakeet', displayName: 'NVIDIA Parakeet TDT 0.6B v3 (ONNX)', task: 'transcription', engine: 'nemo-tdt', preset: true, gated: false,
    repos: [{ repo: 'istupakov/parakeet-tdt-0.6b-v3-onnx', revision: 'main', files: ONNX_ASR_FILES }],
    expectedBytes: 3_200_000_000,
  },
  {
    key: 'pyannote', displayName: 'pyannote speaker diarization 3.1 (ONNX)', task: 'diarization', engine: 'pyannote', preset: true, gated: true,
    repos: [
      // The pipeline's config.yaml (hyper-parameters); gated: accept its conditions on the model page.
      { repo: 'pyannote/speaker-diarization-3.1', revision: 'main', files: ['config.yaml'], role: 'pipeline' },
      { repo: 'onnx-community/pyannote-segmentation-3.0', revision: 'main', files: ['onnx/model.onnx', '*.json'], role: 'segmentation' },
      { repo: 'hbredin/wespeaker-voxceleb-resnet34-LM', revision: 'main', files: ['speaker-embedding.onnx'], role: 'embedding' },
    ],
    expectedBytes: 33_000_000,
  },
  {
    key: 'silero-vad', displayName: 'Silero VAD (ONNX)', task: 'vad', engine: 'silero-vad', preset: true, gated: false,
    repos: [{ repo: 'onnx-community/silero-vad', revision: 'main', files: ['onnx/model.onnx', 'config.json'] }],
    expectedBytes: 2_300_000,
  },
];
