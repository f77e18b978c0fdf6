import { GatewayError } from '../errors';
import type { GpuInventory } from './model-source';

/** Checks chosen GPU ids against the GPUs present: 400 invalid_gpu_ids naming the ones there are. */
export function checkGpuIds(ids: number[], gpus: GpuInventory): number[] {
  const present = gpus.gpuIndexes();
  const unknown = ids.filter((id) => !present.includes(id));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (unknown.length > 0) {
    const there = present.length > 0 ? `The GPUs present are ${present.join(', ')}.` : 'No GPU is visible to the gateway (no NVIDIA driver, or none passed to the container).';
    throw new GatewayError('invalid_gpu_ids', `GPU ${unknown.join(', ')} ${unknown.length > 1 ? 'do' : 'does'} not exist. ${there}`, {
      param: 'gpu_device_ids',
      hint: present.length > 0 ? 'Use the indexes nvidia-smi shows (GET /api/gpus), or [] for the CPU.' : 'Send "gpu_device_ids": [] to run on the CPU, or check nvidia-smi and --gpus all.',
    });
  }
  if (duplicate !== undefined) throw new GatewayError('invalid_gpu_ids', `GPU ${duplicate} is listed twice.`, { param: 'gpu_device_ids', hint: 'List each GPU once.' });
  return ids;
}

/** The guide's "CUDA requis" row, as an error. */
export function gpuRequired(key: string): GatewayError {
  return new GatewayError('gpu_required', `Model "${key}" needs a GPU, and the gateway sees none (CUDA required).`, {
    hint: 'Check nvidia-smi on the host, run the container with --gpus all, and do not hide the GPUs with CUDA_VISIBLE_DEVICES.',
  });
}

/**
 * Where a load without explicit ids goes: the last placement if its GPUs are all still present,
 * else the GPU with the most free memory; the CPU on a host without GPUs (when the engine allows it).
 */
export function defaultPlacement(key: string, last: number[] | undefined, gpus: GpuInventory, requiresGpu: boolean): number[] {
  const present = gpus.gpuIndexes();
  if (last && last.every((id) => present.includes(id)) && (last.length > 0 || !requiresGpu)) return last;
  if (present.length === 0) {
    if (requiresGpu) throw gpuRequired(key);
    return [];
  }
  const byFree = [...present].sort((a, b) => (gpus.freeBytes(b) ?? -1) - (gpus.freeBytes(a) ?? -1) || a - b);
  return [byFree[0]!];
}
