import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { Response } from 'express';
import type { GatewayError } from '../../../errors';
import type { Usage } from './token-meter';
import { closeTail, inspectEvents } from './sse-events';

export interface SseRelayOptions {
  idleTimeoutMs: number;
  /** The gateway asked for usage on the client's behalf: drop the usage-only event it did not ask for. */
  dropUsageEvent: boolean;
  onUsage(usage: Usage): void;
  /** Error for a stream that stalls, and for one that breaks. */
  idleError(): GatewayError;
  brokenError(why: string): GatewayError;
  requestId: string;
  /** Aborts when the client leaves (reason: `clientGone(reason)` is true) or the model is unloaded. */
  stopSignal?: AbortSignal;
  clientGone?(reason: unknown): boolean;
  /** The final event's error when the model was unloaded during the stream. */
  stoppedError?(): GatewayError;
}

export type RelayOutcome = 'done' | 'broken' | 'client-gone';

/**
 * Relays an upstream SSE stream event by event: each complete event is written as soon as it
 * arrives (nothing is held but an incomplete tail), upstream reading pauses while the client's
 * socket is full, and a stream that stalls or ends without `[DONE]` gets a final
 * `data: {"error": …}` event instead of a silent end.
 */
export function relaySse(upstream: IncomingMessage, res: Response, o: SseRelayOptions): Promise<RelayOutcome> {
  return new Promise((resolve) => new SseRelay(upstream, res, o, resolve).start());
}

class SseRelay {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';
  private sawDone = false;
  private settled = false;
  private idle: NodeJS.Timeout | undefined;
  private clientStall: NodeJS.Timeout | undefined;

  constructor(private readonly upstream: IncomingMessage, private readonly res: Response, private readonly o: SseRelayOptions, private readonly resolve: (outcome: RelayOutcome) => void) {}

  start(): void {
    this.armIdle();
    this.upstream.on('data', (chunk: Buffer) => this.onData(chunk));
    this.upstream.on('end', () => {
      this.forward(closeTail(this.tail + this.decoder.end()));
      this.finish(this.sawDone ? 'done' : 'broken', this.sawDone ? undefined : this.o.brokenError('the stream ended before its end marker'));
    });
    this.upstream.on('close', () => this.finish('broken', this.o.brokenError('the connection to the engine broke in the middle of the stream')));
    this.res.on('close', () => this.finish(this.res.writableFinished ? 'done' : 'client-gone'));
    this.o.stopSignal?.addEventListener('abort', this.onStop, { once: true });
  }

  private readonly onStop = (): void => {
    const reason: unknown = this.o.stopSignal?.reason;
    if (this.o.clientGone?.(reason)) this.finish('client-gone');
    else this.finish('broken', this.o.stoppedError?.());
  };

  private onData(chunk: Buffer): void {
    this.armIdle();
    this.tail += this.decoder.write(chunk);
    // The end of the last complete event; a missing separator must not count as a cut at 2 or 4.
    const lf = this.tail.lastIndexOf('\n\n');
    const crlf = this.tail.lastIndexOf('\r\n\r\n');
    const cut = Math.max(lf < 0 ? 0 : lf + 2, crlf < 0 ? 0 : crlf + 4);
    if (cut === 0) return;
    const complete = this.tail.slice(0, cut);
    this.tail = this.tail.slice(cut);
    if (!this.forward(complete)) this.waitForClient();
  }

  /** Writes complete events; false when the client's socket is full. */
  private forward(events: string): boolean {
    if (!events) return true;
    const out = inspectEvents(events, { dropUsageEvent: this.o.dropUsageEvent, onUsage: this.o.onUsage, onDone: () => (this.sawDone = true) });
    return out ? this.res.write(out) : true;
  }

  /**
   * The engine is not silent, the client is slow: the engine's idle bound does not run while
   * paused, and the client gets the same bound to read what it was sent (reliability.md F5).
   */
  private waitForClient(): void {
    this.upstream.pause();
    clearTimeout(this.idle);
    this.idle = undefined; // a cleared timer cannot be refreshed: armIdle makes a new one
    this.clientStall = setTimeout(() => {
      this.res.destroy();
      this.finish('client-gone');
    }, this.o.idleTimeoutMs);
    this.res.once('drain', () => {
      clearTimeout(this.clientStall);
      this.armIdle();
      this.upstream.resume();
    });
  }

  /** Once per chunk: refresh() moves the one timer rather than making a new one. */
  private armIdle(): void {
    if (this.idle) return void this.idle.refresh();
    this.idle = setTimeout(() => this.finish('broken', this.o.idleError()), this.o.idleTimeoutMs);
  }

  private finish(outcome: RelayOutcome, error?: GatewayError): void {
    if (this.settled) return;
    this.settled = true;
    this.o.stopSignal?.removeEventListener('abort', this.onStop);
    clearTimeout(this.idle);
    clearTimeout(this.clientStall);
    this.upstream.destroy();
    if (outcome !== 'client-gone' && !this.res.writableEnded) {
      if (error) this.res.write(`data: ${JSON.stringify({ error: error.toErrorObject(this.o.requestId) })}\n\n`);
      this.res.end();
    }
    this.resolve(outcome);
  }
}
