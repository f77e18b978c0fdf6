import type { RuntimeEventInput, StreamMessage } from '../contract/events';
import type { LostGpu } from '../gpu/gpu-monitor';

export type { LostGpu };

/** What the model manager needs of the catalog and the cache (built in gateway.ts from both). */
export interface ModelSource {
  keys(): string[];
  entry(key: string): SourceEntry | undefined;
  /** Every file of the model's manifest is in the cache. */
  isComplete(key: string): boolean;
  /** Snapshot directory per repo role (`main` for a single-repo model). */
  snapshotDirs(key: string): Record<string, string>;
}

export interface SourceEntry {
  key: string;
  engine: string;
  options?: Record<string, unknown>;
  /** The VRAM estimate, null when unknown. */
  vramBytes: number | null;
}

/** What the model manager needs of the GPU monitor. */
export interface GpuInventory {
  /** nvidia-smi indexes of the GPUs present; empty without a driver. */
  gpuIndexes(): number[];
  freeBytes(index: number): number | null;
  totalBytes(index: number): number | null;
  /** Attributes a worker's GPU memory to its model. */
  registerProcess?(pid: number, model: string): void;
  unregisterProcess?(pid: number): void;
  /** Resolves once the GPUs are known (first sample, or no driver): ids are checked after it. */
  whenReady?(): Promise<void>;
  /** Called for each GPU that stops being listed (the models on it fail). */
  onGpuLost?(listener: (gpu: LostGpu) => void): void;
}

export const NO_GPUS: GpuInventory = { gpuIndexes: () => [], freeBytes: () => null, totalBytes: () => null };

/** The event bus, as the manager uses it. */
export interface RuntimeReporter {
  record(event: RuntimeEventInput): unknown;
  publish(message: StreamMessage): void;
}
