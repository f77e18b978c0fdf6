import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { Response } from 'express';
import type { ErrorObject } from '../../../contract/errors';
import type { GatewayError } from '../../../errors';
import type { Usage } from './token-meter';

export interface SseRelayOptions {
  idleTimeoutMs: number;
  /** The gateway asked for usage on the client's behalf: drop the usage-only event it did not ask for. */
  dropUsageEvent: boolean;
  onUsage(usage: Usage): void;
  /** Error for a stream that stalls, and for one that breaks. */
  idleError(): GatewayError;
  brokenError(why: string): GatewayError;
  requestId: string;
}

export type RelayOutcome = 'done' | 'broken' | 'client-gone';

/**
 * Relays an upstream SSE stream event by event: each complete event is written as soon as it
 * arrives (nothing is held but an incomplete tail), upstream reading pauses while the client's
 * socket is full, and a stream that stalls or ends without `[DONE]` gets a final
 * `data: {"error": …}` event instead of a silent end.
 */
export function relaySse(upstream: IncomingMessage, res: Response, o: SseRelayOptions): Promise<RelayOutcome> {
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let tail = '';
    let sawDone = false;
    let settled = false;
    let idle = setTimeout(() => finish('broken', o.idleError()), o.idleTimeoutMs);
    let clientStall: NodeJS.Timeout | undefined;
    const finish = (outcome: RelayOutcome, error?: GatewayError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(clientStall);
      upstream.destroy();
      if (outcome !== 'client-gone' && !res.writableEnded) {
        if (error) res.write(`data: ${JSON.stringify({ error: { ...error.toErrorObject(o.requestId) } satisfies ErrorObject })}\n\n`);
        res.end();
      }
      resolve(outcome);
    };
    upstream.on('data', (chunk: Buffer) => {
      clearTimeout(idle);
      idle = setTimeout(() => finish('broken', o.idleError()), o.idleTimeoutMs);
      tail += decoder.write(chunk);
      const cut = tail.lastIndexOf('\n\n');
      if (cut < 0) return;
      const complete = tail.slice(0, cut + 2);
      tail = tail.slice(cut + 2);
      const out = inspect(complete, o, () => (sawDone = true));
      if (out && !res.write(out)) {
        // The engine is not silent, the client is slow: the engine's idle bound does not run
        // while paused; the client gets the same bound to read what it was sent (F5).
        upstream.pause();
        clearTimeout(idle);
        clientStall = setTimeout(() => {
          res.destroy();
          finish('client-gone');
        }, o.idleTimeoutMs);
        res.once('drain', () => {
          clearTimeout(clientStall);
          idle = setTimeout(() => finish('broken', o.idleError()), o.idleTimeoutMs);
          upstream.resume();
        });
      }
    });
    upstream.on('end', () => finish(sawDone ? 'done' : 'broken', sawDone ? undefined : o.brokenError('the stream ended before its end marker')));
    upstream.on('close', () => finish('broken', o.brokenError('the connection to the engine broke in the middle of the stream')));
    res.on('close', () => finish(res.writableFinished ? 'done' : 'client-gone'));
  });
}

/**
 * Looks at the complete events only where it matters (usage, [DONE]); returns what to forward.
 * Most events contain neither word and are forwarded untouched.
 */
function inspect(events: string, o: SseRelayOptions, onDone: () => void): string {
  if (!events.includes('[DONE]') && !events.includes('"usage"')) return events;
  let out = '';
  for (const event of events.split(/\n\n/)) {
    if (!event) continue;
    const data = event.startsWith('data: ') ? event.slice(6) : event.replace(/^data:\s?/m, '');
    if (data.trim() === '[DONE]') onDone();
    else if (data.includes('"usage"')) {
      const usage = readUsage(data);
      if (usage) {
        o.onUsage(usage.usage);
        if (o.dropUsageEvent && usage.usageOnly) continue;
      }
    }
    out += `${event}\n\n`;
  }
  return out;
}

function readUsage(data: string): { usage: Usage; usageOnly: boolean } | null {
  try {
    const parsed = JSON.parse(data) as { usage?: Usage | null; choices?: unknown[] };
    if (!parsed.usage) return null;
    return { usage: parsed.usage, usageOnly: Array.isArray(parsed.choices) && parsed.choices.length === 0 };
  } catch {
    return null;
  }
}
