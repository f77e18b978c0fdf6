import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `config.json` of an onnx-asr export (istupakov/onnx-asr docs/conversion.md), with its defaults. */
export interface OnnxAsrConfig {
  modelType: string;
  featuresSize: 80 | 128;
  subsamplingFactor: number;
  maxTokensPerStep: number;
  maxSequenceLength: number;
}

export function readOnnxAsrConfig(dir: string, expectedType: string): OnnxAsrConfig {
  const path = join(dir, 'config.json');
  const raw = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const modelType = typeof raw.model_type === 'string' ? raw.model_type : expectedType;
  if (modelType !== expectedType) throw new Error(`config.json says model_type "${modelType}", but this engine runs "${expectedType}" models: pick the engine that matches`);
  const features = raw.features_size ?? 128;
  if (features !== 80 && features !== 128) throw new Error(`config.json features_size ${String(features)} is not 80 or 128`);
  return {
    modelType,
    featuresSize: features,
    subsamplingFactor: positive(raw.subsampling_factor, 8),
    maxTokensPerStep: positive(raw.max_tokens_per_step, 10),
    maxSequenceLength: positive(raw.max_sequence_length, 1024),
  };
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}

/**
 * `<base>.onnx`, or `<base>.int8.onnx` with `quantization: "int8"` in the model options (onnx-asr's
 * `quantization` argument). The path stays inside the snapshot, so ORT finds `<base>.onnx.data`
 * through the cache's symlinks.
 */
export function modelFile(dir: string, base: string, quantization: string | undefined): string {
  const name = quantization ? `${base}.${quantization}.onnx` : `${base}.onnx`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new Error(quantization ? `${name} is not in the download: this repo has no ${quantization} variant (remove options.quantization or download it)` : `${name} is missing from the download: download the model again`);
  }
  return path;
}

/** `options.quantization`: absent (full precision) or `int8`. */
export function quantizationOption(options: Record<string, unknown>): string | undefined {
  const q = options.quantization;
  if (q === undefined || q === null || q === '' || q === 'fp32') return undefined;
  if (q !== 'int8') throw new Error(`options.quantization must be "int8" (or absent for full precision), not ${JSON.stringify(q)}`);
  return q;
}

/** `org/name` of a huggingface_hub snapshot folder (`…/models--org--name/snapshots/<commit>`), if it is one. */
export function repoOfSnapshot(dir: string): string | undefined {
  const repoDir = basename(dirname(dirname(dir)));
  return repoDir.startsWith('models--') ? repoDir.slice('models--'.length).replace('--', '/') : undefined;
}
