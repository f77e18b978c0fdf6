import type { EngineHandle, EngineHost, EngineStart } from '../engine-host';
import { GatewayError } from '../../errors';
import { startVllm, type VllmDeps } from './vllm-engine';
import { DEFAULT_GPU_MEMORY_UTILIZATION } from './vllm-flags';
import { LlmEngineHandle } from './llm-engine-handle';

/** Engine `vllm`: `vllm serve` on the chosen GPUs (vllm-engine.ts), for the model manager. */
export class VllmHost implements EngineHost {
  readonly requiresGpu = true;

  constructor(private readonly deps: VllmDeps) {}

  /**
   * vLLM takes gpuMemoryUtilization × total on every GPU it uses, whatever the model's size (the
   * guide: "vLLM can use >90 % of the configured VRAM"); the estimate split by tensor parallelism
   * only where the total is unknown.
   */
  neededBytesPerGpu(vramBytes: number | null, gpuDeviceIds: number[], options: Record<string, unknown>, totalBytes: (index: number) => number | null): (number | null)[] {
    const util = typeof options.gpuMemoryUtilization === 'number' ? options.gpuMemoryUtilization : DEFAULT_GPU_MEMORY_UTILIZATION;
    return gpuDeviceIds.map((i) => {
      const total = totalBytes(i);
      if (total !== null) return Math.round(total * util);
      return vramBytes === null ? null : Math.ceil(vramBytes / Math.max(1, gpuDeviceIds.length));
    });
  }

  async start(start: EngineStart): Promise<EngineHandle> {
    const snapshotDir = start.snapshotDirs.main ?? Object.values(start.snapshotDirs)[0];
    if (!snapshotDir) throw new GatewayError('model_not_downloaded', `Model "${start.key}" has no snapshot to serve.`, { hint: `Download it with POST /api/admin/models/${start.key}/download.` });
    const llm = await startVllm({ key: start.key, snapshotDir, gpuDeviceIds: start.gpuDeviceIds, options: start.options }, this.deps);
    return new LlmEngineHandle(llm, 'cuda');
  }
}
