import { InferenceSession } from 'onnxruntime-node';
import { isCudaProviderInstalled } from './cuda-provider';
import type { DeviceChoice, DeviceRequest } from './worker-engine';

export interface OnnxSession {
  session: InferenceSession;
  device: DeviceChoice;
}

/** Which execution provider a worker uses, and why: the dependency inspector's rule. */
export function chooseDevice(request: DeviceRequest, hasCudaProvider = isCudaProviderInstalled()): DeviceChoice {
  if (request.gpuDeviceIds.length === 0) return { device: 'cpu' };
  if (!hasCudaProvider) return { device: 'cpu', note: 'loaded on CPU: the CUDA provider is not installed' };
  return { device: 'cuda' };
}

/**
 * Opens an ONNX model from a file path (so ORT finds external data next to it, symlinks of the HF
 * cache included). Inside the worker, CUDA_VISIBLE_DEVICES holds only the chosen GPUs, so the
 * first of them is CUDA device 0.
 */
export async function createOnnxSession(modelPath: string, request: DeviceRequest, options: InferenceSession.SessionOptions = {}): Promise<OnnxSession> {
  const device = chooseDevice(request);
  const executionProviders: InferenceSession.ExecutionProviderConfig[] = device.device === 'cuda' ? [{ name: 'cuda', deviceId: 0 }, 'cpu'] : ['cpu'];
  const session = await InferenceSession.create(modelPath, { graphOptimizationLevel: 'all', ...options, executionProviders });
  return { session, device };
}
