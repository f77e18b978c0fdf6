import { PROXY_DEFAULTS, type LlmProxyOptions } from '../../../gateway/engines/llm/llm-options';
import type { LlmHandle } from '../../../gateway/engines/llm/llm-handle';

/** An engine handle for an upstream the test runs itself (a scripted HTTP server). */
export function staticHandle(key: string, baseUrl: string, proxy: Partial<LlmProxyOptions> = {}, upstreamModel = key): LlmHandle & { checks: number } {
  const handle = {
    key, engine: 'openai-upstream' as const, baseUrl, upstreamModel, apiKey: null, proxy: { ...PROXY_DEFAULTS, ...proxy }, pid: null, checks: 0,
    pids: () => [],
    onExit: () => undefined,
    checkNow: () => { handle.checks++; },
    stop: async () => undefined,
  };
  return handle;
}
