import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranscriptionRequest } from '../../../gateway/audio/transcription-service';
import type { Transcript } from '../../../gateway/audio/transcript';
import { llmGateway } from '../llm/llm-gateway';
import { staticHandle } from '../llm/static-handle';
import { startTestGateway } from '../../helpers/in-process-gateway';
import { FakeTranscriptionService } from '../../fixtures/audio/fake-transcription-service';
import { wavFile } from '../../fixtures/audio/wav-file';

// This file's uploads get their own temporary directory, so leftovers are seen exactly.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'passerelle-bursts-'));
const uploads = join(process.env.TMPDIR, 'passerelle-uploads');

/**
 * reliability.md F5 and F6 with many clients at once: a burst of 10× a model's (and the audio
 * route's) capacity is answered at once, every request either served or refused with 503 and
 * Retry-After, the engine never sees more than the limit, and a second burst is answered the same
 * way (full recovery); a client that stops reading one stream holds back only its own stream.
 * Counts and order, not fine timings.
 */
const event = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const KB_EVENT = event('x'.repeat(1000));
const FAST_EVENTS = 2000; // 2 MB per fast stream
const SLOW_EVENTS = 30_000; // 30 MB that the slow reader would be sent without backpressure

let engineRunning = 0;
let engineMaxRunning = 0;
const written: Record<string, number> = {};
const closedAt: Record<string, number> = {};

/** Writes `events` 1 kB events as fast as the gateway reads them (honouring backpressure), then [DONE]. */
function firehose(res: ServerResponse, tag: string, events: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  written[tag] = 0;
  res.on('close', () => (closedAt[tag] = Date.now()));
  let i = 0;
  const pump = (): void => {
    while (i < events) {
      i++;
      written[tag] = (written[tag] ?? 0) + KB_EVENT.length;
      if (!res.write(KB_EVENT)) return void res.once('drain', pump);
    }
    res.end('data: [DONE]\n\n');
  };
  pump();
}

let base: string;
let t: Awaited<ReturnType<typeof llmGateway>>;

beforeAll(async () => {
  const upstream = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString()) as { model: string; user?: string };
      if (body.model === 'paced') {
        engineRunning++;
        engineMaxRunning = Math.max(engineMaxRunning, engineRunning);
        setTimeout(() => {
          engineRunning--;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'paced', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
        }, 300);
      } else firehose(res, body.user ?? '?', body.model === 'slow-firehose' ? SLOW_EVENTS : FAST_EVENTS);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  t = await llmGateway();
  t.registry.add(staticHandle('paced', base, { maxConcurrency: 4, maxQueue: 4 }));
  // The idle bound is also how long a client may leave its socket full before it is cut.
  t.registry.add(staticHandle('firehose', base, { idleTimeoutMs: 3000 }));
  t.registry.add(staticHandle('slow-firehose', base, { idleTimeoutMs: 3000 }));
  return () => {
    upstream.closeAllConnections();
    upstream.close();
  };
});

const post = (model: string, extra: Record<string, unknown> = {}) => fetch(`${t.gw.url}/v1/chat/completions`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.gw.token}` },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'x' }], ...extra }),
});

/** 40 requests at once for a model that takes 4 at a time and queues 4; the order they were answered in. */
async function llmBurst(): Promise<{ status: number; retryAfter: string | null; code?: string; seq: number }[]> {
  let seq = 0;
  return Promise.all(Array.from({ length: 40 }, async () => {
    const res = await post('paced');
    const answer = { status: res.status, retryAfter: res.headers.get('retry-after'), seq: seq++ };
    const body = (await res.json()) as { error?: { code: string } };
    return { ...answer, code: body.error?.code };
  }));
}

describe('bursts of 10× capacity (reliability.md F6)', () => {
  it('LLM: 40 requests at a model with 4 slots and 4 queue places: 8 served, 32 refused at once with 503 + Retry-After; the engine never sees more than 4; a second burst is answered the same', async () => {
    for (const round of [1, 2]) {
      engineMaxRunning = 0;
      const answers = await llmBurst();
      const served = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 503);
      expect(served, `round ${round}`).toHaveLength(8);
      expect(refused, `round ${round}`).toHaveLength(32);
      for (const r of refused) expect(r).toMatchObject({ code: 'server_overloaded', retryAfter: '1' });
      // Refusals come first: none of them waited for a slot.
      expect(Math.max(...refused.map((r) => r.seq))).toBeLessThan(Math.min(...served.map((s) => s.seq)));
      expect(engineMaxRunning).toBe(4);
      expect(engineRunning).toBe(0);
    }
  });

  it('audio: 20 transcriptions at a gateway that runs 2 and queues 2: 4 served, 16 refused with 503 + Retry-After, at most 2 decoded at once, no upload left; a second burst is answered the same', async () => {
    const gw = await startTestGateway({ MAX_UPLOAD_MB: '2' });
    let running = 0;
    let maxRunning = 0;
    // Counts the transcriptions holding decoded audio at once.
    class Counting extends FakeTranscriptionService {
      override async transcribe(request: TranscriptionRequest): Promise<Transcript> {
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          return await super.transcribe(request);
        } finally {
          running--;
        }
      }
    }
    const service = new Counting();
    service.segmentDelayMs = 300;
    gw.deps.transcription = service;
    gw.deps.audioConcurrency = { running: 2, queued: 2, queueTimeoutMs: 60_000 };
    const wav = toneWav();
    const send = async () => {
      const form = new FormData();
      form.append('file', new Blob([wav]), 'tone.wav');
      form.append('model', 'canary');
      const res = await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { text?: string; error?: { code: string } } };
    };
    for (const round of [1, 2]) {
      maxRunning = 0;
      const answers = await Promise.all(Array.from({ length: 20 }, send));
      expect(answers.filter((a) => a.status === 200).map((a) => a.body.text), `round ${round}`).toEqual(Array(4).fill('Sentence number 1.'));
      const refused = answers.filter((a) => a.status === 503);
      expect(refused).toHaveLength(16);
      for (const r of refused) expect(r).toMatchObject({ retryAfter: '1', body: { error: { code: 'server_overloaded' } } });
      expect(maxRunning).toBe(2);
      for (let i = 0; i < 50 && existsSync(uploads) && readdirSync(uploads).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    }
  });
});

describe('a client that stops reading (reliability.md F5)', () => {
  it('holds back its own stream only: 8 other streams complete whole while it is paused, then it is cut and its engine stream released', async () => {
    const body = JSON.stringify({ model: 'slow-firehose', user: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const port = Number(new URL(t.gw.url).port);
    // A raw socket that sends its request and never reads a byte of the answer.
    const slow = connect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    slow.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${t.gw.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    for (let i = 0; i < 250 && !((written.slow ?? 0) > 0); i++) await new Promise((r) => setTimeout(r, 20));
    expect(written.slow).toBeGreaterThan(0);

    const others = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const res = await post('firehose', { user: `fast-${i}`, stream: true });
      const text = await res.text();
      return { events: text.split('"content":"xxx').length - 1, done: text.endsWith('data: [DONE]\n\n'), at: Date.now() };
    }));
    expect(others.map((o) => [o.events, o.done])).toEqual(Array(8).fill([FAST_EVENTS, true]));
    // The others were done before the slow reader's bound ran out: it did not hold them up.
    expect(closedAt.slow).toBeUndefined();
    // Backpressure reached the engine: it could write only what the socket buffers on both hops hold.
    expect(written.slow ?? 0).toBeLessThan((SLOW_EVENTS * KB_EVENT.length) / 3);

    for (let i = 0; i < 300 && closedAt.slow === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(closedAt.slow).toBeGreaterThan(Math.max(...others.map((o) => o.at)));
    slow.destroy();
    // Still serving normally afterwards.
    const after = await post('firehose', { user: 'after', stream: true });
    expect((await after.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

/** One second of a 440 Hz tone (one voiced stretch for the fake service), 16 kHz mono PCM WAV. */
function toneWav(): Buffer {
  const data = Buffer.alloc(16_000 * 2);
  for (let i = 0; i < 16_000; i++) data.writeInt16LE(Math.round(10_000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)), i * 2);
  return wavFile({ data });
}
