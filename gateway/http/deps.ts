import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { EventBus } from '../events/event-bus';
import type { ApiKeyStore } from '../auth/api-key-store';
import type { AdminToken } from '../auth/admin-token';
import type { Metrics } from '../metrics/registry';
import type { GpuMonitor } from '../gpu/gpu-monitor';
import type { Diagnostics } from '../diagnostics/diagnostics';
import type { OpenAIModel } from '../contract/openai';
import type { LlmTargets } from '../engines/llm/proxy/llm-targets';
import type { ModelManager } from '../models/model-manager';
import type { RuntimeState } from '../contract/models';
import type { PreflightAccess } from '../contract/hub';
import type { ModelHub } from '../models/model-hub';
import type { TranscriptionService } from '../audio/transcription-service';
import type { AudioConcurrency } from '../audio/audio-admission';

export type LifecycleState = 'starting' | 'ready' | 'draining';

/** The gateway's own state, read by /readyz and the drain gate. */
export class Lifecycle {
  state: LifecycleState = 'starting';
  readonly startedAt = Date.now();
}

/** What `/v1/models` lists: the catalog's models that are loaded or loadable. */
export interface ModelDirectory {
  list(): OpenAIModel[];
}

/** Everything the HTTP layer needs, built by gateway.ts (or by a test). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  events: EventBus;
  keys: ApiKeyStore;
  adminToken: AdminToken;
  metrics: Metrics;
  lifecycle: Lifecycle;
  models: ModelDirectory;
  version: string;
  /** How long a JSON body may stall before 408 (tests shorten it); 30 s unless given. */
  bodyIdleTimeoutMs?: number;
  /** SSE heartbeat period (tests shorten it). */
  sseHeartbeatMs?: number;
  /** Bytes an SSE client may leave unread before it is dropped. */
  sseMaxBufferedBytes?: number;
  /** GPUs: samples, history, free memory, PID → model attribution; absent in tests that need none. */
  gpus?: GpuMonitor;
  /** GET /api/diagnostics; absent in tests that need none. */
  diagnostics?: Diagnostics;
  /** Where /v1/chat/completions, /v1/completions and /v1/embeddings find the model's engine. */
  llmTargets?: LlmTargets;
  /** Loads, unloads and hands out models (acquire); absent in tests that need no models. */
  modelManager?: ModelManager;
  /** The runtime half of each ModelEntry, for the catalog's composer. */
  runtime?: RuntimeProvider;
  /** Catalog, cache, downloads and HF token (issue 3): `modelHub.catalog`, `modelHub.cache.snapshotDir(entry, role)`. */
  modelHub?: ModelHub;
  /** Transcription and translation for /v1/audio/* (gateway/audio/transcription-service.ts); absent: those routes answer 404 model_not_found. */
  transcription?: TranscriptionService;
  /**
   * Transcriptions and translations decoded and run at once, and waiting (each decoded upload is
   * held in memory: up to MAX_AUDIO_SECONDS × 64 KB/s). Read at the first audio request; default
   * AUDIO_CONCURRENCY (gateway/audio/audio-admission.ts).
   */
  audioConcurrency?: AudioConcurrency;
  /** The gated-access half of the preflight (the hub's check). */
  checkModelAccess?(key: string): Promise<PreflightAccess>;
}

/** What the catalog asks the model manager about each model. */
export interface RuntimeProvider {
  runtimeOf(key: string): RuntimeState;
  isLoaded(key: string): boolean;
}
