import { GatewayError } from '../../gateway/errors';
import type { LlmHandle } from '../../gateway/engines/llm/llm-handle';
import type { LlmLease, LlmTargets } from '../../gateway/engines/llm/proxy/llm-targets';
import { ConcurrencyGate } from '../../gateway/http/concurrency-gate';

/**
 * Proxy targets without the model manager, for tests and the proxy benchmark: running LLM engines
 * by catalog key, each with its concurrency gate, found by key or by the name the engine serves.
 * (The gateway itself uses ManagerLlmTargets, over the model manager.)
 */
export class LlmRegistry implements LlmTargets {
  private readonly running = new Map<string, { handle: LlmHandle; gate: ConcurrencyGate }>();

  add(handle: LlmHandle): void {
    const p = handle.proxy;
    this.running.set(handle.key, { handle, gate: new ConcurrencyGate(handle.key, p.maxConcurrency, p.maxQueue, p.queueTimeoutMs) });
  }

  async acquire(model: string): Promise<LlmLease> {
    const entry = this.running.get(model) ?? [...this.running.values()].find((e) => e.handle.upstreamModel === model);
    if (!entry) throw new GatewayError('model_not_found', `The model "${model}" does not exist.`, { param: 'model', hint: 'List the available models with GET /v1/models.' });
    return { handle: entry.handle, gate: entry.gate, release: () => undefined };
  }
}
