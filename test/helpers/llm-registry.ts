import { GatewayError } from '../../errors';
import type { LlmHandle } from './llm-handle';
import type { LlmLease, LlmTargets } from './proxy/llm-targets';
import { ConcurrencyGate } from './proxy/concurrency-gate';

/** Loads a model the registry does not hold (the lifecycle's lazy load), or null when unknown. */
export type LlmLoader = (model: string, signal: AbortSignal) => Promise<LlmHandle | null>;

/**
 * The running LLM engines by catalog key, each with its concurrency gate. Requests name a model by
 * its key or by the name its engine serves; one that is not running is handed to the loader.
 */
export class LlmRegistry implements LlmTargets {
  private readonly running = new Map<string, { handle: LlmHandle; gate: ConcurrencyGate; holds: number }>();

  constructor(private readonly loader: LlmLoader | null = null) {}

  add(handle: LlmHandle): void {
    const p = handle.proxy;
    this.running.set(handle.key, { handle, gate: new ConcurrencyGate(handle.key, p.maxConcurrency, p.maxQueue, p.queueTimeoutMs), holds: 0 });
  }

  remove(key: string): LlmHandle | null {
    const entry = this.running.get(key);
    this.running.delete(key);
    return entry?.handle ?? null;
  }

  get(key: string): LlmHandle | null {
    return this.running.get(key)?.handle ?? null;
  }

  /** Requests holding the model now (a drain waits for 0). */
  holds(key: string): number {
    return this.running.get(key)?.holds ?? 0;
  }

  async acquire(model: string, signal: AbortSignal): Promise<LlmLease> {
    let entry = this.find(model);
    if (!entry && this.loader) {
      const handle = await this.loader(model, signal);
      if (handle) {
        if (!this.running.has(handle.key)) this.add(handle);
        entry = this.running.get(handle.key);
      }
    }
    if (!entry) {
      throw new GatewayError('model_not_found', `The model "${model}" does not exist or is not a chat model.`, { param: 'model', hint: 'List the available models with GET /v1/models.' });
    }
    const held = entry;
    held.holds++;
    let released = false;
    return {
      handle: held.handle, gate: held.gate,
      release: () => {
        if (released) return;
        released = true;
        held.holds--;
      },
    };
  }

  private find(model: string) {
    const byKey = this.running.get(model);
    if (byKey) return byKey;
    for (const entry of this.running.values()) if (entry.handle.upstreamModel === model) return entry;
    return undefined;
  }
}
