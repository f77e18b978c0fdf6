import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelList } from '../../../../gateway/contract/models';
import { TranscriptionDiarized } from '../../../../gateway/contract/audio';
import type { TranscriptionRequest } from '../../../../gateway/audio/transcription-service';
import { GatewayError } from '../../../../gateway/errors';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { tempDir } from '../../../helpers/temp-dir';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';
import { embeddingModel, segmentationModel } from '../../../fixtures/models/diarization-models';
import { makeConversation, SUPPORT_CALL, writeWav } from '../../../fixtures/audio/two-voices';
import { FakeTranscriptionService } from '../../../fixtures/audio/fake-transcription-service';

interface PyEvent { event: string | null; data: unknown }

/**
 * The OpenAI Python SDK's SSE rule (openai/_streaming.py): lines are fields, a comment line is
 * skipped, a blank line dispatches the block when it set event, data, id or retry, and the SDK
 * json-decodes every dispatched block's data, so a block without data fails there (JSONDecodeError).
 */
function pythonSdkEvents(body: string): PyEvent[] {
  const out: PyEvent[] = [];
  let event: string | null = null, data: string[] = [], id: string | null = null, retry: number | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (!event && data.length === 0 && !id && retry === null) continue;
      out.push({ event, data: JSON.parse(data.join('\n')) as unknown }); // throws as json.loads would
      event = null; data = []; retry = null; // the spec keeps the last id
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  return out;
}

const dir = tempDir();
let gw: TestGateway;
let client: OpenAI;
let wav: string;
const service = new FakeTranscriptionService();

async function post(fields: Record<string, string>): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([readFileSync(wav)], { type: 'audio/wav' }), 'call.wav');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
}

beforeAll(async () => {
  const hub = await startTestHub({
    repos: presetRepos({
      'onnx-community/pyannote-segmentation-3.0': { 'onnx/model.onnx': Buffer.from(segmentationModel()) },
      'hbredin/wespeaker-voxceleb-resnet34-LM': { 'speaker-embedding.onnx': Buffer.from(embeddingModel()) },
    }),
    tokens: { hf_stream_test: { user: 'operator', access: ['*'] } },
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url, HUGGINGFACE_TOKEN: 'hf_stream_test' });
  gw.deps.transcription = service;
  client = new OpenAI({ apiKey: 'unused-no-keys-configured', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  wav = join(dir, 'call.wav');
  writeWav(wav, makeConversation(SUPPORT_CALL).samples);
  // canary's files too (the hub's stand-ins): /v1/models lists a model, and its OpenAI names, once downloaded.
  for (const key of ['pyannote', 'canary']) await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST', body: '{}' });
  for (let i = 0; i < 600; i++) {
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    if (models.filter((m) => m.key === 'pyannote' || m.key === 'canary').every((m) => m.cache.state === 'complete')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await gw.admin('/api/admin/models/pyannote/load', { method: 'POST', body: '{}' })).status).toBe(200);
});

describe('transcription streams as the Python SDK decodes them', () => {
  it('text stream: every block carries data that json-decodes, deltas then done', async () => {
    const res = await post({ model: 'canary', stream: 'true' });
    expect(res.status).toBe(200);
    const events = pythonSdkEvents(await res.text());
    const types = events.map((e) => (e.data as { type: string }).type);
    expect(types.at(-1)).toBe('transcript.text.done');
    expect(types.slice(0, -1).every((t) => t === 'transcript.text.delta')).toBe(true);
    expect(types.length).toBeGreaterThan(1);
    expect(events.every((e) => e.event === (e.data as { type: string }).type)).toBe(true);
  });

  it('diarized stream: deltas with segment_id, segment events with speakers, done with the segments', async () => {
    const res = await post({ model: 'canary', stream: 'true', response_format: 'diarized_json', diarization_model: 'pyannote' });
    expect(res.status).toBe(200);
    const data = pythonSdkEvents(await res.text()).map((e) => e.data as { type: string; speaker?: string; segment_id?: string; segments?: unknown[] });
    const segments = data.filter((d) => d.type === 'transcript.text.segment');
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((s) => typeof s.speaker === 'string')).toBe(true);
    expect(data.filter((d) => d.type === 'transcript.text.delta').every((d) => d.segment_id?.startsWith('seg_'))).toBe(true);
    expect(data.at(-1)).toMatchObject({ type: 'transcript.text.done', segments: expect.any(Array) });
  });

  it('the Node SDK reads the same diarized stream', async () => {
    const stream = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', response_format: 'diarized_json', diarization_model: 'pyannote', stream: true } as never) as unknown as AsyncIterable<{ type: string }>;
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    expect(types).toContain('transcript.text.segment');
    expect(types.at(-1)).toBe('transcript.text.done');
  });

  it('an error known before the work is a status, permanent ones with x-should-retry: false', async () => {
    const language = await post({ model: 'canary', stream: 'true', language: 'ja' });
    expect(language.status).toBe(400);
    expect(language.headers.get('content-type')).toMatch(/json/);
    expect(language.headers.get('x-should-retry')).toBe('false');
    expect(await language.json()).toMatchObject({ error: { code: 'unsupported_language' } });
    const model = await post({ model: 'no-such-model', stream: 'true' });
    expect(model.status).toBe(404);
    const diarization = await post({ model: 'canary', stream: 'true', response_format: 'diarized_json', diarization_model: 'no-such-diarizer' });
    expect(diarization.status).toBeGreaterThanOrEqual(400);
    expect(diarization.headers.get('content-type')).toMatch(/json/);
    const err = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', language: 'ja', stream: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_language' });
  });

  it('an error after the first event is an error event that both SDK rules raise', async () => {
    const original = service.transcribe.bind(service);
    let failing = true;
    service.transcribe = async (request: TranscriptionRequest) => original({ ...request, onSegment: (s) => {
      request.onSegment?.(s);
      if (failing) { failing = false; throw new GatewayError('inference_failed', 'The engine failed in the middle.'); }
    } });
    try {
      const res = await post({ model: 'canary', stream: 'true' });
      expect(res.status).toBe(200);
      const events = pythonSdkEvents(await res.text());
      expect(events[0]!.data).toMatchObject({ type: 'transcript.text.delta' });
      expect(events.at(-1)).toMatchObject({ event: 'error', data: { error: { code: 'inference_failed' } } });
    } finally {
      service.transcribe = original;
    }
  });

  it('the events feed sends its retry hint inside the first data event, never alone', async () => {
    const controller = new AbortController();
    const res = await gw.admin('/api/events', { signal: controller.signal });
    const reader = res.body!.getReader();
    let text = '';
    for (let i = 0; i < 50 && !text.includes('\n\n'); i++) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const first = text.split('\n\n')[0]!;
    expect(first).toMatch(/^retry: \d+\n/m);
    expect(first).toMatch(/^data: \{/m);
  });
});

describe('OpenAI model names on the audio routes', () => {
  it('whisper-1 is the transcription model there is (canary here), and /v1/models lists it', async () => {
    const body = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'whisper-1' });
    expect(body.text).toMatch(/^Sentence number 1\./);
    expect(service.requests.at(-1)!.model).toBe('canary');
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-4o-transcribe-diarize']));
  });

  it('gpt-4o-transcribe-diarize gives speakers with the loaded diarization model, chunking auto when not sent', async () => {
    const body = TranscriptionDiarized.parse(await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'gpt-4o-transcribe-diarize', response_format: 'diarized_json' } as never));
    expect(new Set(body.segments.map((s) => s.speaker))).toEqual(new Set(['A', 'B']));
    expect(service.requests.at(-1)).toMatchObject({ model: 'canary', chunking: 'auto' });
  });

  it('a key allowed the model may use its OpenAI names; a key allowed another model may not', async () => {
    const make = async (name: string, models: string[]) => ((await (await gw.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name, models }) })).json()) as { key: string }).key;
    const allowed = new OpenAI({ apiKey: await make('asr', ['canary']), baseURL: `${gw.url}/v1`, maxRetries: 0 });
    expect((await allowed.audio.transcriptions.create({ file: createReadStream(wav), model: 'whisper-1' })).text).toMatch(/^Sentence/);
    expect((await allowed.models.list()).data.map((m) => m.id)).toContain('whisper-1');
    const other = new OpenAI({ apiKey: await make('chat', ['qwen']), baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const err = await other.audio.transcriptions.create({ file: createReadStream(wav), model: 'whisper-1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'model_not_allowed' });
  });
});
