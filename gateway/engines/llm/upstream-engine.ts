import type { Logger } from '../../logging/logger';
import { GatewayError } from '../../errors';
import type { EngineHandle, EngineHost, EngineStart } from '../engine-host';
import { parseProxyOptions, type LlmProxyOptions } from './llm-options';
import { parseUpstreamOptions, type UpstreamOptions } from './upstream-options';
import type { EngineExit, LlmHandle } from './llm-handle';
import { LlmEngineHandle } from './llm-engine-handle';
import { modelIds, probe } from './http-probe';

export interface UpstreamTiming {
  probeTimeoutMs: number;
  probeIntervalMs: number;
  /** Consecutive failed probes that mark the upstream failed. */
  probeFailures: number;
}

export const UPSTREAM_TIMING: UpstreamTiming = { probeTimeoutMs: 5000, probeIntervalMs: 15_000, probeFailures: 3 };

/**
 * Engine `openai-upstream`: attaches a model to any OpenAI-compatible service (a vLLM or SGLang
 * cluster, another gateway). "Loading" checks that the service answers `GET /models` with this
 * key and lists the model; a periodic probe marks it failed when it stops answering.
 */
export class UpstreamHost implements EngineHost {
  readonly requiresGpu = false;
  readonly needsSnapshot = false;

  constructor(private readonly logger: Logger, private readonly timing: Partial<UpstreamTiming> = {}) {}

  /** It runs elsewhere: whatever GPUs the placement names, it takes nothing on them. */
  neededBytesPerGpu(_vramBytes: number | null, gpuDeviceIds: number[]): (number | null)[] {
    return gpuDeviceIds.map(() => 0);
  }

  async start(start: EngineStart): Promise<EngineHandle> {
    const upstream = parseUpstreamOptions(start.key, start.options);
    const proxy = parseProxyOptions(start.options);
    const timing = { ...UPSTREAM_TIMING, ...this.timing };
    const interval = start.options.healthIntervalSeconds;
    if (typeof interval === 'number' && interval > 0) timing.probeIntervalMs = interval * 1000;
    const link = new UpstreamLink(start.key, upstream, proxy, timing, this.logger);
    await link.check();
    link.startProbe();
    return new LlmEngineHandle(link, 'cpu', `served by ${new URL(upstream.baseUrl).host}, not by this machine's GPUs`);
  }
}

class UpstreamLink implements LlmHandle {
  readonly engine = 'openai-upstream';
  readonly pid = null;
  readonly baseUrl: string;
  readonly upstreamModel: string;
  readonly apiKey: string | null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private readonly listeners: Array<(exit: EngineExit) => void> = [];
  private readonly healthListeners: Array<(ok: boolean) => void> = [];

  constructor(readonly key: string, o: UpstreamOptions, readonly proxy: LlmProxyOptions, private readonly timing: UpstreamTiming, private readonly logger: Logger) {
    this.baseUrl = o.baseUrl;
    this.upstreamModel = o.model ?? key;
    this.apiKey = o.apiKey;
  }

  pids(): number[] {
    return [];
  }

  onExit(listener: (exit: EngineExit) => void): void {
    this.listeners.push(listener);
  }

  onHealth(listener: (ok: boolean) => void): void {
    this.healthListeners.push(listener);
  }

  checkNow(): void {
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
  }

  startProbe(): void {
    this.timer = setInterval(() => void this.tick(), this.timing.probeIntervalMs);
    this.timer.unref();
  }

  /** Throws engine_load_failed with what is wrong: unreachable, key refused, model not served. */
  async check(): Promise<void> {
    const where = new URL(this.baseUrl).host;
    const res = await probe(`${this.baseUrl}/models`, this.timing.probeTimeoutMs, this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}).catch((err: Error) => {
      throw failed(`The upstream of "${this.key}" at ${where} does not answer (${err.message}).`, 'Check options.baseUrl (it includes /v1) and that the service runs and is reachable from the gateway.');
    });
    if (res.status === 401 || res.status === 403) throw failed(`The upstream of "${this.key}" at ${where} refused the API key (HTTP ${res.status}).`, 'Set the key the service expects in the entry\'s options.apiKey.');
    const ids = res.status === 200 ? modelIds(res.body) : null;
    if (!ids) throw failed(`The upstream of "${this.key}" at ${where} did not answer GET /models as an OpenAI service does (HTTP ${res.status}).`, 'Check options.baseUrl: it is the OpenAI base URL, ending in /v1.');
    if (!ids.includes(this.upstreamModel)) {
      throw failed(`The upstream at ${where} does not serve "${this.upstreamModel}"; it serves: ${ids.slice(0, 20).join(', ') || '(nothing)'}.`, 'Set options.model to one of the names it serves.');
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.check();
      // Answering again after failed probes: `degraded` → `ok`.
      if (this.failures > 0 && !this.stopped) for (const l of this.healthListeners) l(true);
      this.failures = 0;
    } catch (err) {
      if (this.failures === 0 && !this.stopped) for (const l of this.healthListeners) l(false);
      this.failures++;
      this.logger.warn({ model: this.key, failures: this.failures, msg: (err as Error).message }, 'upstream health probe failed');
      if (this.failures < this.timing.probeFailures || this.stopped) return;
      this.stopped = true;
      clearInterval(this.timer);
      const error = new GatewayError('model_crashed', `${(err as Error).message} (${this.failures} probes in a row).`, { hint: 'When the service is back, load the model again.' });
      for (const listener of this.listeners.splice(0)) listener({ code: null, signal: null, error });
    }
  }
}

function failed(message: string, hint: string): GatewayError {
  return new GatewayError('engine_load_failed', message, { hint });
}
