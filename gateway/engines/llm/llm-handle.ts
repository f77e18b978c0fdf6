import type { GatewayError } from '../../errors';
import type { LlmProxyOptions } from './llm-options';

/** Why an engine stopped serving when nobody asked it to: the model becomes `failed` with `error`. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: GatewayError;
}

/**
 * A running LLM engine as the proxy and the model lifecycle see it: where to send requests, and
 * how to stop it. vLLM and attached upstreams look the same from here.
 */
export interface LlmHandle {
  readonly key: string;
  readonly engine: 'vllm' | 'openai-upstream';
  /** The OpenAI base URL, ending in `/v1` (the SDKs' baseURL). */
  readonly baseUrl: string;
  /** The model name the upstream expects in the body. */
  readonly upstreamModel: string;
  /** Sent as `Authorization: Bearer` to the upstream; never shown. */
  readonly apiKey: string | null;
  readonly proxy: LlmProxyOptions;
  /** The process group id (its leader is vLLM's watchdog shell), null for an upstream. */
  readonly pid: number | null;
  /** Every live process of the engine (vLLM's engine core and workers included), for GPU attribution. */
  pids(): number[];
  /** Called once when the engine dies or stops answering without a stop() from us. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Engines with a health probe: called when its verdict changes (false at the first failed probe). */
  onHealth?(listener: (ok: boolean) => void): void;
  /** The proxy saw a connection break: probe now instead of at the next period. */
  checkNow(): void;
  /** Graceful stop, then kill; resolves when nothing of it is left. */
  stop(): Promise<void>;
}
