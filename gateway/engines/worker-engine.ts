import type { WorkerDevice } from './worker-protocol';

/** The device a worker engine was given: CUDA when GPUs were chosen, else the CPU. */
export interface DeviceRequest {
  /** The chosen GPUs, renumbered from 0 inside the worker by CUDA_VISIBLE_DEVICES. */
  gpuDeviceIds: number[];
}

/** What a loaded engine reports about the device it ended up on. */
export interface DeviceChoice {
  device: WorkerDevice;
  /** Set when the device differs from the request, with the reason. */
  note?: string;
}

/**
 * An engine that runs inside a model worker (ONNX Runtime). `load` gets one snapshot directory per
 * repo role (`main` for single-repo models) and returns the loaded model. Register it with one
 * line in worker-engines.ts.
 */
export interface WorkerEngine<Req = unknown, Res = unknown> {
  load(snapshotDirs: Record<string, string>, options: Record<string, unknown>, device: DeviceRequest): Promise<LoadedEngine<Req, Res>>;
}

export interface LoadedEngine<Req = unknown, Res = unknown> {
  readonly device: DeviceChoice;
  /** One request; `signal` aborts it (cancel, unload, client gone); `onProgress` streams partial results. */
  run(request: Req, onProgress: (progress: unknown) => void, signal: AbortSignal): Promise<Res>;
  dispose(): Promise<void>;
}
