import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';
import { FakeTranscriptionService } from '../../fixtures/audio/fake-transcription-service';
import { TranscriptionVerbose } from '../../../gateway/contract/audio';

// This file's uploads get their own temporary directory, so leftovers are seen exactly.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'passerelle-v1audio-'));
const uploads = join(process.env.TMPDIR, 'passerelle-uploads');
const dir = tempDir('passerelle-v1audio-files-');

/** Two espeak-ng sentences with a second of silence between them: two real voiced stretches. */
function speech(): { wav: string; mp3: string; webm: string } {
  const a = join(dir, 'a.wav'), b = join(dir, 'b.wav'), wav = join(dir, 'two.wav');
  execFileSync('espeak-ng', ['-w', a, 'Hello from the gateway.']);
  execFileSync('espeak-ng', ['-w', b, 'This is the second sentence.']);
  const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  ff(['-i', a, '-i', b, '-filter_complex', '[0]apad=pad_dur=1[p];[p][1]concat=n=2:v=0:a=1', '-ar', '16000', '-ac', '1', wav]);
  ff(['-i', wav, '-c:a', 'libmp3lame', '-b:a', '64k', join(dir, 'two.mp3')]);
  ff(['-i', wav, '-c:a', 'libopus', '-b:a', '32k', join(dir, 'two.webm')]);
  return { wav, mp3: join(dir, 'two.mp3'), webm: join(dir, 'two.webm') };
}

async function noUploadsLeft(): Promise<void> {
  for (let i = 0; i < 50 && existsSync(uploads) && readdirSync(uploads).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
}

describe('POST /v1/audio/transcriptions and /translations through the openai client', () => {
  let gw: TestGateway;
  let client: OpenAI;
  const service = new FakeTranscriptionService();
  const files = speech();

  beforeAll(async () => {
    gw = await startTestGateway({ MAX_UPLOAD_MB: '2' });
    gw.deps.transcription = service;
    client = new OpenAI({ apiKey: 'unused-no-keys-configured', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  });

  it('answers json with the text, usage and timing headers', async () => {
    const { data, response } = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary' }).withResponse();
    expect(data.text).toBe('Sentence number 1. Sentence number 2.');
    expect(data.usage).toMatchObject({ type: 'duration', seconds: Math.ceil(service.requests.at(-1)!.audio.durationSeconds) });
    expect(Number(response.headers.get('x-passerelle-real-time-factor'))).toBeGreaterThanOrEqual(0);
    expect(response.headers.get('server-timing')).toMatch(/^decode;dur=[\d.]+, transcribe;dur=[\d.]+$/);
    await noUploadsLeft();
  });

  it('answers verbose_json with segments at the real voiced stretches and words when asked', async () => {
    const body = await client.audio.transcriptions.create({ file: createReadStream(files.mp3), model: 'canary', language: 'fr', response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'] });
    const verbose = TranscriptionVerbose.parse(body);
    expect(verbose).toMatchObject({ task: 'transcribe', language: 'french' });
    expect(verbose.segments).toHaveLength(2);
    // The second sentence starts after the first one and the second of silence.
    expect(verbose.segments![1]!.start).toBeGreaterThan(verbose.segments![0]!.end + 0.8);
    expect(verbose.words!.map((w) => w.word)).toEqual(['Sentence', 'number', '1.', 'Sentence', 'number', '2.']);
    expect(service.requests.at(-1)).toMatchObject({ language: 'fr', wordTimestamps: true });
  });

  it('answers text, srt and vtt as plain bodies', async () => {
    const text = await client.audio.transcriptions.create({ file: createReadStream(files.webm), model: 'canary', response_format: 'text' });
    expect(text).toBe('Sentence number 1. Sentence number 2.\n');
    const srt = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', response_format: 'srt' });
    expect(srt).toMatch(/^1\n00:00:00,\d{3} --> 00:00:0\d,\d{3}\nSentence number 1\.\n\n2\n/);
    const vtt = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', response_format: 'vtt' });
    expect(vtt).toMatch(/^WEBVTT\n\n00:00:00\.\d{3} --> /);
  });

  it('runs diarization for diarized_json and says which model to load when there is none', async () => {
    const err = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', response_format: 'diarized_json' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'diarization_model_required' });
    await noUploadsLeft();
  });

  it('streams transcript.text.delta events then transcript.text.done with the usage', async () => {
    const stream = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', stream: true });
    const events: Array<{ type: string; delta?: string; text?: string; usage?: unknown }> = [];
    for await (const e of stream) events.push(e as (typeof events)[number]);
    expect(events.map((e) => e.type)).toEqual(['transcript.text.delta', 'transcript.text.delta', 'transcript.text.done']);
    expect(events.slice(0, 2).map((e) => e.delta).join('')).toBe('Sentence number 1. Sentence number 2.');
    expect(events[2]).toMatchObject({ text: 'Sentence number 1. Sentence number 2.', usage: { type: 'duration' } });
  });

  it('translates with a model that can, and says unsupported_task for one that cannot', async () => {
    const ok = await client.audio.translations.create({ file: createReadStream(files.wav), model: 'canary' });
    expect(ok.text).toBe('Translated sentence 1. Translated sentence 2.');
    const err = await client.audio.translations.create({ file: createReadStream(files.wav), model: 'parakeet' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_task' });
    const diarized = await client.audio.translations.create({ file: createReadStream(files.wav), model: 'canary', response_format: 'diarized_json' as 'json' }).catch((e: unknown) => e);
    expect(diarized).toMatchObject({ status: 400, code: 'unsupported_response_format', param: 'response_format' });
  });

  it('validates the form: 400 naming the field', async () => {
    const wav = readFileSync(files.wav);
    const cases: Array<[Record<string, string | string[]>, string, string]> = [
      [{ model: 'canary', response_format: 'xml' }, 'response_format', 'invalid_request'],
      [{ model: 'canary', temperature: '2' }, 'temperature', 'invalid_request'],
      [{ model: 'canary', stream: 'maybe' }, 'stream', 'invalid_request'],
      [{ model: 'canary', chunking_strategy: '{"type":"server_vad","threshold":7}' }, 'chunking_strategy', 'invalid_request'],
      [{ model: 'canary', 'timestamp_granularities[]': ['word', 'sentence'] }, 'timestamp_granularities.1', 'invalid_request'],
      [{ model: 'canary', 'known_speaker_names[]': ['agent'] }, 'known_speaker_references', 'invalid_speaker_reference'],
      [{ model: 'canary', language: 'klingon' }, 'language', 'invalid_request'],
      [{ model: 'canary', language: 'ja' }, 'language', 'unsupported_language'],
      [{ model: 'canary', language: 'deu' }, 'language', 'unsupported_language'],
      [{}, 'model', 'invalid_request'],
      [{ model: 'whisper-9' }, 'model', 'model_not_found'],
    ];
    for (const [fields, param, code] of cases) {
      const form = new FormData();
      form.append('file', new Blob([wav]), 'a.wav');
      for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
      const res = await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
      const body = (await res.json()) as { error: { param: string; code: string; message: string } };
      expect([res.status, body.error.code, body.error.param], JSON.stringify(fields)).toEqual([code === 'model_not_found' ? 404 : 400, code, param]);
    }
    const chunking = new FormData();
    chunking.append('file', new Blob([wav]), 'a.wav');
    chunking.append('model', 'canary');
    chunking.append('chunking_strategy', '{"type":"server_vad","silence_duration_ms":500}');
    expect((await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: chunking })).status).toBe(200);
    expect(service.requests.at(-1)!.chunking).toEqual({ type: 'server_vad', silence_duration_ms: 500 });
    const regional = new FormData();
    regional.append('file', new Blob([wav]), 'a.wav');
    regional.append('model', 'canary');
    regional.append('language', 'fr-CA');
    expect((await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: regional })).status).toBe(200);
    expect(service.requests.at(-1)!.language).toBe('fr');
    await noUploadsLeft();
  });

  it('takes chunking_strategy as the official SDK sends an object (bracketed form fields)', async () => {
    await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', chunking_strategy: { type: 'server_vad', threshold: 0.4, silence_duration_ms: 300 } });
    expect(service.requests.at(-1)!.chunking).toEqual({ type: 'server_vad', threshold: 0.4, silence_duration_ms: 300 });
    const bad = await client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary', chunking_strategy: { type: 'server_vad', threshold: 7 } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, param: 'chunking_strategy' });
    await noUploadsLeft();
  });

  it('refuses JSON and other bodies with 415 (the guide: multipart/form-data only)', async () => {
    const res = await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'canary', file: 'x' }) });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('answers bad audio and oversized uploads with a clear 4xx, removes the files and stays up', async () => {
    const bad = await client.audio.transcriptions.create({ file: await toFile(Buffer.from('RIFF....WAVEfmt '), 'x.wav'), model: 'canary' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_audio', param: 'file' });
    const big = await client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(3 << 20), 'big.wav'), model: 'canary' }).catch((e: unknown) => e);
    expect(big).toMatchObject({ status: 413, code: 'request_too_large' });
    await noUploadsLeft();
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });

  it('cancels the job when the client disconnects, between chunks', async () => {
    service.segmentDelayMs = 300;
    const before = service.abortedRequests;
    const startedRequests = service.requests.length + 1;
    const controller = new AbortController();
    const pending = client.audio.transcriptions.create({ file: createReadStream(files.wav), model: 'canary' }, { signal: controller.signal }).catch((e: unknown) => e);
    // Disconnect once the service is working on the first chunk.
    for (let i = 0; i < 250 && service.requests.length < startedRequests; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    for (let i = 0; i < 100 && service.abortedRequests === before; i++) await new Promise((r) => setTimeout(r, 20));
    service.segmentDelayMs = 0;
    expect(service.requests.length).toBe(startedRequests);
    expect(service.requests.at(-1)!.signal.aborted).toBe(true);
    expect(service.abortedRequests).toBe(before + 1);
    await noUploadsLeft();
  });

  it('admits a bounded number of audio requests before decoding: the next wait, past the queue 503 server_overloaded', async () => {
    // Its own gateway (stopped after the file): the gate is made at the first audio request.
    const bounded = await startTestGateway({ MAX_UPLOAD_MB: '2' });
    const slow = new FakeTranscriptionService();
    slow.segmentDelayMs = 300;
    bounded.deps.transcription = slow;
    bounded.deps.audioConcurrency = { running: 1, queued: 1, queueTimeoutMs: 60_000 };
    const send = () => fetch(`${bounded.url}/v1/audio/transcriptions`, { method: 'POST', body: (() => {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(files.wav)]), 'two.wav');
      form.append('model', 'canary');
      return form;
    })() });
    const first = send();
    for (let i = 0; i < 250 && slow.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const second = send();
    await new Promise((r) => setTimeout(r, 200));
    const third = await send();
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'server_overloaded', message: expect.stringContaining('Audio transcription on this gateway is busy') });
    expect(slow.requests).toHaveLength(1); // the second waits its turn, undecoded
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    expect(slow.requests).toHaveLength(2);
    await noUploadsLeft();
  });
});
