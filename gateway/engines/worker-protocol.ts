/**
 * The messages between the gateway and a model worker (one child process per loaded model), sent
 * over the fork IPC channel with `serialization: 'advanced'`, so typed arrays (audio) cross as they
 * are, without JSON.
 */

/** Where a worker runs its sessions. */
export type WorkerDevice = 'cuda' | 'cpu';

/** A failure sent back by the worker: the gateway turns `code` into its GatewayError. */
export interface WorkerFailure {
  code: string;
  message: string;
  hint?: string;
}

/** Gateway → worker. */
export type ToWorker =
  | {
      type: 'load';
      /** A name registered in worker-engines.ts. */
      engine: string;
      /** Snapshot directory per repo role (`main` for single-repo models). */
      snapshotDirs: Record<string, string>;
      options: Record<string, unknown>;
      /** The GPUs the gateway chose (nvidia-smi indexes); CUDA_VISIBLE_DEVICES already holds them. */
      gpuDeviceIds: number[];
    }
  | { type: 'run'; id: number; request: unknown }
  | { type: 'cancel'; id: number }
  /** Graceful stop: release the sessions and exit 0. */
  | { type: 'unload' };

/** Worker → gateway. */
export type FromWorker =
  | {
      type: 'ready';
      device: WorkerDevice;
      /** Why this device, when it is not the one asked for ("the CUDA provider is not installed"). */
      deviceNote?: string;
      /** The worker's own view of its GPU environment, so tests and diagnostics can check it. */
      env: { CUDA_VISIBLE_DEVICES: string | null; CUDA_DEVICE_ORDER: string | null };
      loadMs: number;
    }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'result'; id: number; result: unknown }
  /** `id` absent: the load failed. */
  | { type: 'error'; id?: number; error: WorkerFailure };
