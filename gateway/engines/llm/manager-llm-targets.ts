import { GatewayError } from '../../errors';
import type { EngineHandle } from '../engine-host';
import { isLlmEngineHandle } from './llm-engine-handle';
import type { LlmHandle } from './llm-handle';
import type { LlmLease, LlmTargets } from './proxy/llm-targets';
import { ConcurrencyGate } from '../../http/concurrency-gate';

/** What the proxy needs of the catalog: the engine and options of each key. */
export interface LlmCatalog {
  keys(): string[];
  entry(key: string): { engine: string; options?: Record<string, unknown> } | undefined;
}

/** What the proxy needs of the model manager: a held, loaded model (lazily loaded where configured). */
export interface ModelLeaser {
  acquire(key: string): Promise<{ handle: EngineHandle; signal: AbortSignal; release(): void }>;
}

const LLM_ENGINES = new Set(['vllm', 'openai-upstream']);

/**
 * The proxy's view of the model manager: resolves the request's model (catalog key, or the name
 * an attached upstream serves), refuses models that are not LLMs before anything loads, and keeps
 * one concurrency gate per running engine.
 */
export class ManagerLlmTargets implements LlmTargets {
  private readonly gates = new WeakMap<LlmHandle, ConcurrencyGate>();

  constructor(private readonly catalog: LlmCatalog, private readonly manager: ModelLeaser) {}

  async acquire(model: string, signal: AbortSignal): Promise<LlmLease> {
    const key = this.resolve(model);
    const lease = await this.manager.acquire(key);
    if (signal.aborted) {
      lease.release();
      throw signal.reason;
    }
    if (!isLlmEngineHandle(lease.handle)) {
      lease.release();
      throw wrongTask(key);
    }
    const handle = lease.handle.llm;
    let gate = this.gates.get(handle);
    if (!gate) {
      gate = new ConcurrencyGate(key, handle.proxy.maxConcurrency, handle.proxy.maxQueue, handle.proxy.queueTimeoutMs);
      this.gates.set(handle, gate);
    }
    return { handle, gate, signal: lease.signal, release: () => lease.release() };
  }

  private resolve(model: string): string {
    const entry = this.catalog.entry(model);
    if (entry) {
      if (!LLM_ENGINES.has(entry.engine)) throw wrongTask(model);
      return model;
    }
    for (const key of this.catalog.keys()) {
      const e = this.catalog.entry(key);
      if (e?.engine === 'openai-upstream' && e.options?.model === model) return key;
    }
    throw new GatewayError('model_not_found', `The model "${model}" does not exist.`, { param: 'model', hint: 'List the available models with GET /v1/models.' });
  }
}

function wrongTask(key: string): GatewayError {
  return new GatewayError('wrong_model_task', `Model "${key}" is not a chat model: it cannot answer chat, completions or embeddings.`, {
    param: 'model', hint: 'Choose a model of task "chat" (GET /v1/models shows each model\'s task).',
  });
}
