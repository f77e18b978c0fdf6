import { Counter, type Registry } from 'prom-client';
import type { Principal } from '../../../auth/api-key-store';

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

/** Tokens per API key and model, from the engines' `usage`: `passerelle_llm_tokens_total`. */
export class TokenMeter {
  private readonly tokens: Counter<'key' | 'model' | 'kind'>;

  constructor(registry: Registry) {
    const existing = registry.getSingleMetric('passerelle_llm_tokens_total') as Counter<'key' | 'model' | 'kind'> | undefined;
    this.tokens = existing ?? new Counter({
      name: 'passerelle_llm_tokens_total', help: 'Tokens used through the LLM proxy, by API key name, model and kind (prompt or completion).',
      labelNames: ['key', 'model', 'kind'] as const, registers: [registry],
    });
  }

  add(principal: Principal, model: string, usage: Usage | null | undefined): void {
    if (!usage) return;
    const key = principal.kind === 'key' ? principal.name : principal.kind;
    if (isCount(usage.prompt_tokens)) this.tokens.inc({ key, model, kind: 'prompt' }, usage.prompt_tokens);
    if (isCount(usage.completion_tokens)) this.tokens.inc({ key, model, kind: 'completion' }, usage.completion_tokens);
  }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
