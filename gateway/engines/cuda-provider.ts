import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Whether onnxruntime-node's CUDA execution provider is installed: its post-install script puts
 * `libonnxruntime_providers_cuda.so` next to the binding on Linux x64 (only when CUDA 12 was
 * found). ORT itself would fail the session, or silently fall back, so we check first.
 */
export function isCudaProviderInstalled(): boolean {
  return existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'));
}

export function ortBinaryDir(): string {
  const index = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(index), '..', 'bin', 'napi-v6', process.platform, process.arch);
}
