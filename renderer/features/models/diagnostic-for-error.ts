import type { ErrorObject } from '../../../gateway/contract/errors';

/**
 * Which diagnostic explains an error, by its code (ids of gateway/diagnostics; the guide's
 * troubleshooting rows). Null when no check is about it.
 */
const BY_CODE: Record<string, string> = {
  gated_repo: 'hf-token',
  hf_token_invalid: 'hf-token',
  hf_token_required: 'hf-token',
  hub_unreachable: 'troubleshooting.download-stuck',
  download_failed: 'troubleshooting.download-stuck',
  insufficient_storage: 'model-cache',
  checksum_mismatch: 'model-cache',
  gpu_required: 'troubleshooting.cuda-required',
  insufficient_gpu_memory: 'gpus',
  invalid_gpu_ids: 'gpus',
  model_crashed: 'gpus',
};

export function diagnosticFor(error: ErrorObject, engine?: string): string | null {
  if (engine === 'vllm' && (error.code === 'engine_load_failed' || error.code === 'model_crashed')) return 'vllm';
  if (engine === 'pyannote' && error.code === 'model_not_downloaded') return 'troubleshooting.pyannote-checkpoints';
  // An ONNX engine that fails to load: CUDA when the message says so, else ONNX Runtime itself.
  if (error.code === 'engine_load_failed') return /cuda|gpu/i.test(error.message) ? 'troubleshooting.cuda-required' : 'onnxruntime';
  return (error.code && BY_CODE[error.code]) || null;
}
