import { vllmFlags } from './vllm-flags';
import { withoutSecrets } from '../worker-env';

export interface VllmLaunch {
  snapshotDir: string;
  servedName: string;
  port: number;
  gpuDeviceIds: readonly number[];
  options: Record<string, unknown>;
}

/**
 * `vllm serve <snapshot> [tuning flags] --served-model-name … --host 127.0.0.1 --port … -tp n`.
 * The fixed flags come last: argparse keeps the last value, so nothing in the options can move
 * the server off loopback or rename the model (GPUStack orders them the same way).
 */
export function vllmArgs(launch: VllmLaunch): string[] {
  return [
    'serve', launch.snapshotDir,
    ...vllmFlags(launch.options),
    '--served-model-name', launch.servedName,
    '--host', '127.0.0.1',
    '--port', String(launch.port),
    '--tensor-parallel-size', String(launch.gpuDeviceIds.length),
  ];
}

/** The environment of the vLLM process: the chosen GPUs only, the shared cache, never the network. */
export function vllmEnv(base: NodeJS.ProcessEnv, gpuDeviceIds: readonly number[], cacheDir: string): NodeJS.ProcessEnv {
  return {
    // The gateway's secrets stay with it, as with the model workers: vLLM is offline and needs none.
    ...withoutSecrets(base),
    CUDA_VISIBLE_DEVICES: [...gpuDeviceIds].sort((a, b) => a - b).join(','),
    CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
    // MODEL_CACHE_DIR is a hub cache itself (models--org--repo inside): HF_HUB_CACHE points at it.
    HF_HOME: cacheDir,
    HF_HUB_CACHE: cacheDir,
    HF_HUB_OFFLINE: '1',
    VLLM_NO_USAGE_STATS: '1',
    DO_NOT_TRACK: '1',
    PYTHONUNBUFFERED: '1',
  };
}
