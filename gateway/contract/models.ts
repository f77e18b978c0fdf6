import { z } from 'zod';
import { ErrorObject } from './errors';

/**
 * The model catalog as the admin API shows it (design.md, "main admin bodies"). camelCase, except
 * the guide's own `gpu_device_ids` in request bodies. Sizes are bytes.
 */
export const ModelTask = z.enum(['chat', 'transcription', 'diarization', 'vad']);
export type ModelTask = z.infer<typeof ModelTask>;

/** How a model runs: vLLM, an attached OpenAI-compatible upstream, or ONNX Runtime in a worker. */
export const EngineName = z.enum(['vllm', 'openai-upstream', 'nemo-aed', 'nemo-tdt', 'pyannote', 'silero-vad']);
export type EngineName = z.infer<typeof EngineName>;

export const RepoRef = z.object({
  /** Hugging Face repo id, `org/name`. */
  repo: z.string(),
  /** Branch, tag or 40-hex commit. */
  revision: z.string(),
  /** Glob patterns of the files to download; all files when absent. */
  files: z.array(z.string()).optional(),
  /** Part of a multi-repo model (pyannote: `pipeline`, `segmentation`, `embedding`). */
  role: z.string().optional(),
});
export type RepoRef = z.infer<typeof RepoRef>;

export const CacheState = z.object({
  state: z.enum(['absent', 'partial', 'complete']),
  /** Bytes on disk for this model's files (blobs it references). */
  bytes: z.number().int().nonnegative(),
  /** The resolved commit of the (first) repo, once known. */
  commit: z.string().optional(),
});
export type CacheState = z.infer<typeof CacheState>;

export const DownloadFile = z.object({
  path: z.string(),
  receivedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});

export const DownloadState = z.object({
  state: z.enum(['idle', 'queued', 'running', 'failed', 'done']),
  receivedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  /** Null while the speed is unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  files: z.array(DownloadFile),
  error: ErrorObject.optional(),
});
export type DownloadState = z.infer<typeof DownloadState>;

export const RuntimeState = z.object({
  state: z.enum(['unloaded', 'loading', 'loaded', 'unloading', 'failed']),
  /** The GPUs it runs on (nvidia-smi indexes); empty on CPU or when unloaded. */
  gpuDeviceIds: z.array(z.number().int().nonnegative()),
  device: z.enum(['cuda', 'cpu']).nullable(),
  pid: z.number().int().optional(),
  /** ISO time. */
  loadedAt: z.string().optional(),
  error: ErrorObject.optional(),
  /** The placement used last time, reused by a lazy load. */
  lastGpuDeviceIds: z.array(z.number().int().nonnegative()).optional(),
  /**
   * The engine's health, once the model has been loaded: `ok` (answering), `degraded` (a health
   * probe failed; it still gets requests), `down` (dead: crashed, restarting, or its GPU is gone).
   */
  health: z.enum(['ok', 'degraded', 'down']).optional(),
  /** The restart policy of this load (load body `restart`), remembered with the placement. */
  restartPolicy: z.enum(['no', 'on-failure']).optional(),
  /** Automatic restarts since an administrator last loaded it. */
  restarts: z.number().int().nonnegative().optional(),
  /** ISO time of the next automatic restart, while one is waiting for its backoff. */
  nextRestartAt: z.string().optional(),
  /** The last time the engine stopped serving without being asked to, and why. */
  lastFailure: z.object({ at: z.string(), error: ErrorObject }).optional(),
});
export type RuntimeState = z.infer<typeof RuntimeState>;

export const ModelEntry = z.object({
  key: z.string(),
  displayName: z.string(),
  task: ModelTask,
  engine: EngineName,
  /** True for the built-in presets, which cannot be removed. */
  preset: z.boolean(),
  repos: z.array(RepoRef),
  gated: z.boolean(),
  /** Expected download size, from the preset or the hub's file list. */
  expectedBytes: z.number().int().nonnegative().nullable(),
  cache: CacheState,
  download: DownloadState,
  runtime: RuntimeState,
  estimate: z.object({ vramBytes: z.number().int().nonnegative().nullable() }),
  /** Engine options (int8 variant, vLLM flags, upstream URL…); never a secret. */
  options: z.record(z.string(), z.unknown()).optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ModelList = z.object({ models: z.array(ModelEntry) });
export type ModelList = z.infer<typeof ModelList>;

/** POST /api/admin/models: a user entry. Engines with several repos take `repos` instead of `repo`. */
export const AddModel = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63'),
  repo: z.string().optional(),
  revision: z.string().optional(),
  repos: z.array(z.object({ repo: z.string(), revision: z.string().optional(), role: z.string().optional(), files: z.array(z.string()).optional() })).optional(),
  engine: EngineName,
  task: ModelTask,
  files: z.array(z.string()).optional(),
  displayName: z.string().max(128).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
}).strict();
export type AddModel = z.infer<typeof AddModel>;

/** POST /api/admin/models/{key}/load (the guide's body). */
export const LoadModel = z.object({
  gpu_device_ids: z.array(z.number().int().nonnegative()).max(64).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  /** `on-failure`: restart the engine with backoff when it dies unasked; default the last load's, else `no`. */
  restart: z.enum(['no', 'on-failure']).optional(),
  /** Automatic restarts in a row before the model is left `failed` (default 5). */
  max_restarts: z.number().int().min(1).max(100).optional(),
}).strict();
export type LoadModel = z.infer<typeof LoadModel>;
