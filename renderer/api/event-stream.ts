import { StreamMessage } from '../../gateway/contract/events';
import type { Credentials } from './gateway-client';
import { SseParser } from './sse-parser';

const DEFAULT_STALL_MS = 45_000;

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'closed';

export interface EventStreamOptions {
  credentials: () => Credentials;
  onMessage: (message: StreamMessage) => void;
  /** Called after a gap the gateway could not replay (a `resync` message): re-fetch everything. */
  onResync: () => void;
  onStatus?: (status: StreamStatus, detail?: string) => void;
  fetchImpl?: typeof fetch;
  /** Backoff: first delay, doubled per failure up to the maximum; reset once a stream opens. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A stream silent this long is dead (the gateway sends a `: ping` every 15 s): a half-open
   * connection after sleep or a network change never ends by itself, so it is dropped and reopened.
   */
  stallMs?: number;
}

/**
 * `GET /api/events` read with fetch, because EventSource cannot send the admin token. Reconnects
 * with exponential backoff and sends Last-Event-ID, so the gateway replays what was missed.
 */
export class EventStream {
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private stopped = false;
  private hasOpened = false;
  lastEventId: string | undefined;

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.options.onStatus?.('closed');
  }

  private async connect(): Promise<void> {
    const { credentials, fetchImpl = (...a) => fetch(...a) } = this.options;
    const c = credentials();
    this.abort = new AbortController();
    this.options.onStatus?.('connecting');
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (c.adminToken) headers.Authorization = `Bearer ${c.adminToken}`;
    if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
    try {
      const res = await fetchImpl(`${c.baseUrl}/api/events`, { headers, signal: this.abort.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`the gateway answered ${res.status}`);
      this.failures = 0;
      this.options.onStatus?.('open');
      // Live-only messages (progress, samples) sent during the gap are not replayed: re-fetch.
      if (this.hasOpened) this.options.onResync();
      this.hasOpened = true;
      const isStalled = await this.read(res.body, this.abort);
      this.retry(isStalled ? `no data for ${Math.round((this.options.stallMs ?? DEFAULT_STALL_MS) / 1000)} s` : 'the gateway closed the stream');
    } catch (err) {
      this.retry(err instanceof Error ? err.message : String(err));
    }
  }

  /** Reads until the stream ends; true when it was dropped for silence. */
  private async read(body: ReadableStream<Uint8Array>, abort: AbortController): Promise<boolean> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let isStalled = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        isStalled = true;
        abort.abort();
        reader.cancel().catch(() => undefined);
      }, this.options.stallMs ?? DEFAULT_STALL_MS);
    };
    try {
      for (arm(); ; arm()) {
        const { value, done } = await reader.read();
        if (done || this.stopped) return isStalled;
        for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
          if (parser.lastEventId !== undefined) this.lastEventId = parser.lastEventId;
          this.dispatch(ev.data);
        }
      }
    } catch (err) {
      if (isStalled) return true;
      throw err;
    } finally {
      clearTimeout(watchdog);
    }
  }

  private dispatch(data: string): void {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    // A type this dashboard does not know (a newer gateway) is skipped, not an error.
    const parsed = StreamMessage.safeParse(json);
    if (!parsed.success) return;
    if (parsed.data.type === 'resync') this.options.onResync();
    this.options.onMessage(parsed.data);
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const { minDelayMs = 1000, maxDelayMs = 30_000 } = this.options;
    const delay = Math.min(maxDelayMs, minDelayMs * 2 ** this.failures);
    this.failures += 1;
    this.options.onStatus?.('retrying', `${reason}; reconnecting in ${Math.round(delay / 1000)} s`);
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
