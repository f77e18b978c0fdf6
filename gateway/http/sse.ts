import type { Response } from 'express';

export interface SseOptions {
  heartbeatMs: number;
  /** A client that leaves more than this unread is dropped, so its buffer stays bounded. */
  maxBufferedBytes: number;
  onDrop?: (reason: string) => void;
  /** Reconnection delay sent to EventSource clients (default 3000 ms); 0 sends none. */
  retryMs?: number;
}

/**
 * One server-sent-events response. Writes never block: when the client stops reading, Node buffers
 * what it cannot send; past `maxBufferedBytes` the connection is destroyed, and the other clients
 * are not affected. A comment line every `heartbeatMs` keeps proxies from closing an idle stream
 * (SDK decoders skip comments; a stream read by the Python SDK must carry no `id:`, since its
 * decoder keeps the last id and then dispatches the next comment-only block as an empty event).
 */
export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];
  /**
   * `retry:` goes out inside the first event, never as a block of its own: the OpenAI Python SDK
   * dispatches a block without `data` as an event and json-decodes its empty data (JSONDecodeError).
   */
  private retryField: string;

  constructor(private readonly res: Response, private readonly options: SseOptions) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const retryMs = options.retryMs ?? 3000;
    this.retryField = retryMs > 0 ? `retry: ${retryMs}\n` : '';
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
    res.on('close', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends one event; `data` is serialised as JSON on one line. Returns false once closed. */
  send(event: string, data: unknown, id?: number): boolean {
    const retry = this.retryField;
    this.retryField = '';
    return this.write(`${retry}${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  end(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  private write(chunk: string): boolean {
    if (this.closed) return false;
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      this.options.onDrop?.(`client did not read ${this.res.writableLength} buffered bytes`);
      this.res.destroy();
      this.finish();
      return false;
    }
    this.res.write(chunk);
    return true;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const l of this.closeListeners.splice(0)) l();
  }
}
