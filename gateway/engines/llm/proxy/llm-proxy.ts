import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import type { Principal } from '../../../auth/api-key-store';
import type { Logger } from '../../../logging/logger';
import type { LlmHandle } from '../llm-handle';
import type { LlmTargets } from './llm-targets';
import { ClientAbort, sendUpstream, timeout } from './upstream-request';
import { relaySse } from './sse-relay';
import { readBody } from './read-body';
import { clientErrorBody, credentialsRefused, garbage, serverError } from './upstream-error';
import type { TokenMeter, Usage } from './token-meter';
import { GatewayError } from '../../../errors';

export type LlmEndpoint = 'chat/completions' | 'completions' | 'embeddings';

export interface ProxyRequest {
  endpoint: LlmEndpoint;
  /** The client's JSON body; unknown fields are passed on untouched. */
  body: Record<string, unknown> & { model: string };
  res: Response;
  principal: Principal;
  requestId: string;
  log: Logger;
}

const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/**
 * The OpenAI proxy: an adapter in front of the engines (as ollama's OpenAI middleware is in front
 * of its handlers). It finds the model's engine, waits for a slot, forwards the body with the
 * model renamed, and relays the answer: bytes as they come, errors in the OpenAI shape, tokens
 * counted per key. The client's disconnect aborts the upstream request, streamed or not.
 */
export class LlmProxy {
  constructor(private readonly targets: LlmTargets, private readonly meter: TokenMeter) {}

  async handle(p: ProxyRequest): Promise<void> {
    const controller = new AbortController();
    const onClose = (): void => {
      if (!p.res.writableFinished) controller.abort(new ClientAbort());
    };
    p.res.on('close', onClose);
    try {
      const lease = await this.targets.acquire(p.body.model, controller.signal);
      try {
        const signal = lease.signal ? AbortSignal.any([controller.signal, lease.signal]) : controller.signal;
        const release = await lease.gate.acquire(signal);
        try {
          await this.forward(p, lease.handle, signal);
        } finally {
          release();
        }
      } finally {
        lease.release();
      }
    } catch (err) {
      if (controller.signal.aborted) {
        p.log.info({ model: p.body.model, endpoint: p.endpoint }, 'client closed the request: upstream request aborted');
        return;
      }
      if (err instanceof ClientAbort) throw unloaded(p.body.model);
      throw err;
    } finally {
      p.res.off('close', onClose);
    }
  }

  private async forward(p: ProxyRequest, h: LlmHandle, signal: AbortSignal): Promise<void> {
    const stream = p.body.stream === true && p.endpoint !== 'embeddings';
    const options = typeof p.body.stream_options === 'object' && p.body.stream_options !== null ? (p.body.stream_options as Record<string, unknown>) : {};
    // Usage is what the per-key token counter needs; ask for it, and hide it from a client that did not.
    const injectUsage = stream && options.include_usage !== true;
    const out = { ...p.body, model: h.upstreamModel, ...(injectUsage ? { stream_options: { ...options, include_usage: true } } : {}) };
    const started = Date.now();
    const upstream = await sendUpstream({
      model: h.key, url: `${h.baseUrl}/${p.endpoint}`, body: Buffer.from(JSON.stringify(out)), apiKey: h.apiKey, requestId: p.requestId,
      connectTimeoutMs: h.proxy.connectTimeoutMs, firstByteTimeoutMs: h.proxy.firstByteTimeoutMs, signal,
    }).catch((err: unknown) => {
      if (!(err instanceof ClientAbort)) h.checkNow();
      throw err;
    });
    const isStream = upstream.statusCode === 200 && /^text\/event-stream/i.test(upstream.headers['content-type'] ?? '');
    // Usage is cumulative: vLLM's stream_options.continuous_usage_stats repeats the running totals in
    // every chunk, so only the last one seen is counted, once the answer is over.
    let usage: Usage | null = null;
    const onUsage = (u: Usage): void => {
      usage = u;
    };
    let outcome: string;
    try {
      outcome = isStream ? await this.relayStream(p, h, upstream, injectUsage, onUsage, signal) : await this.relayJson(p, h, upstream, onUsage, signal);
    } finally {
      this.meter.add(p.principal, h.key, usage);
    }
    const counted: Usage = usage ?? {};
    p.log.info({ model: h.key, endpoint: p.endpoint, stream: isStream, status: upstream.statusCode, outcome, ms: Date.now() - started, promptTokens: counted.prompt_tokens, completionTokens: counted.completion_tokens }, 'llm request');
  }

  private async relayStream(p: ProxyRequest, h: LlmHandle, upstream: IncomingMessage, injectUsage: boolean, onUsage: (u: Usage) => void, signal: AbortSignal): Promise<string> {
    if (signal.aborted || p.res.destroyed) {
      upstream.destroy();
      throw new ClientAbort();
    }
    p.res.status(200);
    p.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    p.res.setHeader('Cache-Control', 'no-cache, no-transform');
    p.res.setHeader('X-Accel-Buffering', 'no');
    p.res.flushHeaders();
    p.res.socket?.setNoDelay(true);
    const outcome = await relaySse(upstream, p.res, {
      idleTimeoutMs: h.proxy.idleTimeoutMs, dropUsageEvent: injectUsage, onUsage, requestId: p.requestId,
      stopSignal: signal, clientGone: (reason) => reason instanceof ClientAbort, stoppedError: () => (signal.reason instanceof GatewayError ? signal.reason : unloaded(h.key)),
      idleError: () => timeout(h.key, 'idle', h.proxy.idleTimeoutMs),
      brokenError: (why) => garbage(h.key, `a broken stream: ${why}`),
    });
    if (outcome === 'broken') h.checkNow();
    return outcome;
  }

  private async relayJson(p: ProxyRequest, h: LlmHandle, upstream: IncomingMessage, onUsage: (u: Usage) => void, signal: AbortSignal): Promise<string> {
    const bytes = await readBody(upstream, {
      maxBytes: MAX_ANSWER_BYTES, idleTimeoutMs: h.proxy.idleTimeoutMs, signal,
      idleError: () => timeout(h.key, 'idle', h.proxy.idleTimeoutMs),
      broken: (why) => garbage(h.key, why),
    }).catch((err: unknown) => {
      if (!signal.aborted) h.checkNow();
      throw err;
    });
    const status = upstream.statusCode ?? 502;
    const text = bytes.toString('utf8');
    if (status === 401 || status === 403) {
      h.checkNow();
      throw credentialsRefused(h.key, status);
    }
    if (status >= 400 && status < 500) {
      const retryAfter = upstream.headers['retry-after'];
      if (status === 429 && retryAfter) p.res.setHeader('Retry-After', retryAfter);
      p.res.status(status).json({ error: { ...clientErrorBody(status, text), request_id: p.requestId } });
      return 'rejected';
    }
    if (status < 200 || status >= 300) throw serverError(h.key, status, text);
    let parsed: { usage?: Usage } | null = null;
    try {
      parsed = JSON.parse(text) as { usage?: Usage };
    } catch {
      // handled below
    }
    if (parsed === null || typeof parsed !== 'object') throw garbage(h.key, 'an answer that is not JSON');
    if (parsed.usage) onUsage(parsed.usage);
    p.res.status(200).setHeader('Content-Type', 'application/json').end(bytes);
    return 'done';
  }
}

function unloaded(model: string): GatewayError {
  return new GatewayError('model_not_loaded', `Model "${model}" was unloaded or stopped during this request.`, { retryAfterSeconds: 5, hint: 'Retry; the model state is on the Models page.' });
}
