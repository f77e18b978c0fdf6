import type { GpuMonitor } from '../gpu/gpu-monitor';
import type { GpuInventory } from './model-source';

/** The GPU monitor as the model manager's inventory: indexes, free and total bytes, pid owners. */
export function monitorInventory(monitor: GpuMonitor): GpuInventory {
  return {
    gpuIndexes: () => monitor.gpuIndexes(),
    freeBytes: (index) => monitor.freeBytes(index),
    totalBytes: (index) => monitor.snapshot().gpus.find((g) => g.index === index)?.memoryTotalBytes ?? null,
    registerProcess: (pid, model) => monitor.registerProcess(pid, model),
    unregisterProcess: (pid) => monitor.unregisterProcess(pid),
    whenReady: () => monitor.whenReady(),
    onGpuLost: (listener) => monitor.onGpuLost(listener),
  };
}
