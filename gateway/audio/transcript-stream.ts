import type { Response } from 'express';
import type { TranscriptionUsage } from '../contract/audio';
import { internalErrorObject, isGatewayError } from '../errors';
import { SseStream } from '../http/sse';
import { diarizedSegment, streamEvents } from './writers/openai-json';
import type { Transcript, TranscriptSegment } from './transcript';

/**
 * `stream=true`: server-sent events, each `data:` one OpenAI transcript event. Segments go out as
 * the engine finishes them (a delta each, plus a segment event when diarized); `done` closes the
 * stream with the usage. An error after the first byte is a final `error` event.
 */
export class TranscriptStream {
  private readonly sse: SseStream;
  private sent = 0;

  constructor(res: Response, private readonly diarized: boolean, options: { heartbeatMs: number; maxBufferedBytes: number }) {
    this.sse = new SseStream(res, options);
  }

  /** For TranscriptionRequest.onSegment. */
  readonly segment = (s: TranscriptSegment): void => {
    const i = this.sent++;
    this.sse.send('transcript.text.delta', { type: 'transcript.text.delta', delta: i === 0 ? s.text.trim() : ` ${s.text.trim()}`, ...(this.diarized ? { segment_id: `seg_${i}` } : {}) });
    if (this.diarized) this.sse.send('transcript.text.segment', diarizedSegment(s, i));
  };

  /** Sends what the engine did not stream, then `done`, and ends. */
  done(transcript: Transcript, usage: TranscriptionUsage): void {
    const events = streamEvents(transcript, this.diarized, usage);
    // streamEvents lists every segment; skip those already sent through segment().
    const perSegment = this.diarized ? 2 : 1;
    for (const e of events.slice(this.sent * perSegment)) this.sse.send(e.type, e);
    this.sse.end();
  }

  fail(err: unknown, requestId: string): void {
    const body = isGatewayError(err) ? err.toErrorObject(requestId) : internalErrorObject(requestId);
    this.sse.send('error', { error: body });
    this.sse.end();
  }
}
