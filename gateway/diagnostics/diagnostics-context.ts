import type { Config } from '../config';
import type { RuntimeEvent, EventsQuery } from '../contract/events';
import type { GpuSnapshot } from '../gpu/gpu-monitor';
import type { Logger } from '../logging/logger';
import type { RunTool } from './run-tool';

/** The Hugging Face token as the hub's token store sees it (whoami), never the token itself. */
export interface HfTokenProbe {
  configured: boolean;
  /** null: not checked (offline, or no validation available). */
  valid: boolean | null;
  user?: string;
  error?: string;
}

/** One download job as the downloader reports it. */
export interface DownloadProbe {
  model: string;
  state: 'idle' | 'queued' | 'running' | 'failed' | 'done';
  receivedBytes: number;
  /** Seconds since the job started (running jobs). */
  runningSeconds?: number;
  errorCode?: string;
  errorMessage?: string;
}

/** A catalog model's cache as the hub cache sees it. */
export interface CacheProbe {
  state: 'absent' | 'partial' | 'complete';
  missingFiles?: string[];
}

export interface OnnxRuntimeInfo {
  version: string;
  backends: Array<{ name: string; bundled: boolean }>;
  /** libonnxruntime_providers_cuda.so next to the binding. */
  cudaProviderInstalled: boolean;
}

/**
 * Services owned elsewhere (hub token store, downloader, catalog) that some checks read. They are
 * wired in gateway.ts as they land; until then those checks say so rather than guess.
 */
export interface DiagnosticsSources {
  hfToken?(): Promise<HfTokenProbe>;
  downloads?(): DownloadProbe[] | Promise<DownloadProbe[]>;
  /** null when the catalog has no such model. */
  modelCache?(key: string): CacheProbe | null | Promise<CacheProbe | null>;
}

export interface DiagnosticsContext {
  config: Pick<Config, 'modelCacheDir' | 'frontendDist' | 'vllmCommand' | 'nvidiaSmi' | 'huggingfaceToken'>;
  logger: Logger;
  runTool: RunTool;
  /** The GPU monitor; `whenReady` lets a check run right after start wait for the first sample. */
  gpus: { snapshot(): GpuSnapshot; whenReady?(timeoutMs: number): Promise<void> } | null;
  events: { query(q: Partial<EventsQuery>): RuntimeEvent[] } | null;
  env: Record<string, string | undefined>;
  loadOnnxRuntime(): Promise<OnnxRuntimeInfo>;
  /** FFMPEG or `ffmpeg` on PATH. */
  ffmpegCommand: string;
  sources: DiagnosticsSources;
}
