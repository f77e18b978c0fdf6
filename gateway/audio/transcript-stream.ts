import type { Response } from 'express';
import type { TranscriptionUsage } from '../contract/audio';
import { internalErrorObject, isGatewayError } from '../errors';
import { SseStream } from '../http/sse';
import { diarizedSegment, streamEvents } from './writers/openai-json';
import type { Transcript, TranscriptSegment } from './transcript';

/**
 * `stream=true`: server-sent events, each `data:` one OpenAI transcript event. Segments go out as
 * the engine finishes them (a delta each, plus a segment event when diarized); `done` closes the
 * stream with the usage.
 *
 * The status line waits for the first event (or the first heartbeat, so a proxy does not time out
 * a long first chunk): what fails before it, the checks the service makes before any work (model,
 * lease, language, task, diarization model), is a real HTTP status that the SDKs raise and whose
 * `x-should-retry` they honour. `fail` says whether it could still answer so; after the first byte
 * the error is a final `error` event.
 */
export class TranscriptStream {
  private sse: SseStream | null = null;
  private readonly opener: NodeJS.Timeout;
  private sent = 0;

  constructor(private readonly res: Response, private readonly diarized: boolean, private readonly options: { heartbeatMs: number; maxBufferedBytes: number }) {
    this.opener = setTimeout(() => this.open(), options.heartbeatMs);
    this.opener.unref();
    res.on('close', () => clearTimeout(this.opener));
  }

  /** True once the status line and headers are sent. */
  get started(): boolean {
    return this.sse !== null;
  }

  /** For TranscriptionRequest.onSegment. */
  readonly segment = (s: TranscriptSegment): void => {
    const sse = this.open();
    const i = this.sent++;
    sse.send('transcript.text.delta', { type: 'transcript.text.delta', delta: i === 0 ? s.text.trim() : ` ${s.text.trim()}`, ...(this.diarized ? { segment_id: `seg_${i}` } : {}) });
    if (this.diarized) sse.send('transcript.text.segment', diarizedSegment(s, i));
  };

  /** Sends what the engine did not stream, then `done`, and ends. */
  done(transcript: Transcript, usage: TranscriptionUsage): void {
    const sse = this.open();
    const events = streamEvents(transcript, this.diarized, usage);
    // streamEvents lists every segment; skip those already sent through segment().
    const perSegment = this.diarized ? 2 : 1;
    for (const e of events.slice(this.sent * perSegment)) sse.send(e.type, e);
    sse.end();
  }

  /**
   * The error as a final event when the stream has started; false (nothing written) when it has
   * not, so the caller answers with the error's status instead.
   */
  fail(err: unknown, requestId: string): boolean {
    clearTimeout(this.opener);
    if (!this.sse) return false;
    const body = isGatewayError(err) ? err.toErrorObject(requestId) : internalErrorObject(requestId);
    this.sse.send('error', { error: body });
    this.sse.end();
    return true;
  }

  private open(): SseStream {
    clearTimeout(this.opener);
    // No `retry:` hint: a transcription is not resumed by reconnecting.
    this.sse ??= new SseStream(this.res, { ...this.options, retryMs: 0 });
    return this.sse;
  }
}
