import { isCudaProviderInstalled } from '../engines/cuda-provider';
import type { OnnxRuntimeInfo } from './diagnostics-context';

/** Loaded on demand: the native binding is not needed until a check (or a worker) asks. */
export async function loadOnnxRuntime(): Promise<OnnxRuntimeInfo> {
  const ort = await import('onnxruntime-node');
  return {
    version: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    cudaProviderInstalled: isCudaProviderInstalled(),
  };
}
