import type { LlmHandle } from '../llm-handle';
import type { ConcurrencyGate } from '../../../http/concurrency-gate';

/** A model's engine, held for one request. */
export interface LlmLease {
  handle: LlmHandle;
  gate: ConcurrencyGate;
  /** Aborts when the model is unloaded or crashes while the request holds it. */
  signal?: AbortSignal;
  /** Ends the hold (the lifecycle drains held models before unloading them). */
  release(): void;
}

/**
 * How the proxy finds the engine of the model a request names: the catalog key or the name the
 * engine serves. Loads it lazily where the lifecycle says so; throws 404 model_not_found, 503
 * model_loading / model_not_loaded, 400 wrong_model_task.
 */
export interface LlmTargets {
  acquire(model: string, signal: AbortSignal): Promise<LlmLease>;
}
