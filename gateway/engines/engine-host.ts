/**
 * How the model manager starts a model, whatever runs it: a model worker (ONNX Runtime), a
 * `vllm serve` process, or an attached OpenAI-compatible upstream. One host per engine name,
 * registered in gateway.ts.
 */
export interface EngineStart {
  /** The catalog key (vLLM's --served-model-name). */
  key: string;
  /** The catalog engine name. */
  engine: string;
  /** Snapshot directory per repo role (`main` for single-repo models). */
  snapshotDirs: Record<string, string>;
  /** nvidia-smi indexes; empty = CPU (or no GPU needed). */
  gpuDeviceIds: number[];
  /** Catalog options merged with the load request's. */
  options: Record<string, unknown>;
}

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** One line for the event: "killed by SIGKILL", "exited with code 1: <last stderr line>". */
  reason: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

export interface EngineHandle {
  /** The processes to attribute GPU memory to, and to check in tests; empty for remote upstreams. */
  readonly pids: number[];
  readonly device: 'cuda' | 'cpu';
  /** Set when the device is not the one asked for, with why ("the CUDA provider is not installed"). */
  readonly deviceNote?: string;
  /** Model workers: one request, answered by the worker. Rejects with 503 model_crashed if it dies. */
  run?(request: unknown, options?: RunOptions): Promise<unknown>;
  /** HTTP engines (vLLM, upstream): the OpenAI-compatible base URL. */
  readonly baseUrl?: string;
  /** Graceful stop, then kill after the grace period; resolves when the process is gone. */
  stop(): Promise<void>;
  /** Called once if the engine ends without stop(): a crash. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Engines with a health probe (vLLM): called when its verdict changes (true = answering again). */
  onHealth?(listener: (ok: boolean) => void): void;
}

export interface EngineHost {
  /** True when the engine cannot run without a GPU (vLLM): gpu_required on a host without one. */
  readonly requiresGpu: boolean;
  /** False for engines that need no downloaded files (an attached upstream). Default true. */
  readonly needsSnapshot?: boolean;
  /**
   * Bytes this model would take on each chosen GPU, for the preflight. Default: the whole estimate
   * on the first GPU (an ONNX worker uses CUDA device 0). vLLM splits by tensor parallelism.
   */
  neededBytesPerGpu?(vramBytes: number | null, gpuDeviceIds: number[], options: Record<string, unknown>, totalBytes: (index: number) => number | null): (number | null)[];
  /** Starts the engine and resolves once it is ready; rejects with a GatewayError otherwise. */
  start(start: EngineStart): Promise<EngineHandle>;
}
