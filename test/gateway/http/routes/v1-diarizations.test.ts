import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileDer } from '../../../../gateway/audio/der';
import { parseRttm } from '../../../../gateway/audio/rttm';
import type { DiarizationResponse } from '../../../../gateway/contract/diarization';
import type { ModelList } from '../../../../gateway/contract/models';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { tempDir } from '../../../helpers/temp-dir';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';
import { embeddingModel, segmentationModel } from '../../../fixtures/models/diarization-models';
import { makeConversation, SUPPORT_CALL, writeWav, type Conversation } from '../../../fixtures/audio/two-voices';

interface ErrorBody { error: { code: string; param: string | null; message: string } }

const dir = tempDir();
let gw: TestGateway;
let call: Conversation;
let callWav: string;

/** POST /v1/audio/diarizations with a WAV file and form fields, as a client sends it. */
async function diarize(wav: string, fields: Record<string, string | string[]> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(Array.isArray(value) ? `${name}[]` : name, v);
  }
  form.append('file', new Blob([readFileSync(wav)], { type: 'audio/wav' }), 'support-call.wav');
  return fetch(`${gw.url}/v1/audio/diarizations`, { method: 'POST', body: form });
}

function wavOf(name: string, samples: Float32Array): string {
  const path = join(dir, `${name}.wav`);
  writeWav(path, samples);
  return path;
}

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // The hub serves the pyannote preset's three repos, the two ONNX files being the fixture models.
  const hub = await startTestHub({
    repos: presetRepos({
      'onnx-community/pyannote-segmentation-3.0': { 'onnx/model.onnx': Buffer.from(segmentationModel()) },
      'hbredin/wespeaker-voxceleb-resnet34-LM': { 'speaker-embedding.onnx': Buffer.from(embeddingModel()) },
    }),
    tokens: { hf_diarization_test: { user: 'operator', access: ['pyannote/speaker-diarization-3.1'] } },
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url, HUGGINGFACE_TOKEN: 'hf_diarization_test' });
  call = makeConversation(SUPPORT_CALL);
  callWav = wavOf('call', call.samples);
});

describe('POST /v1/audio/diarizations', () => {
  it('answers 400 saying what to load when no diarization model is loaded', async () => {
    const res = await diarize(callWav);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'diarization_model_required', param: 'model' });
    expect(body.error.message).toContain('POST /api/admin/models/pyannote/load');
  });

  it('downloads and loads the pyannote preset, then diarizes the support call with DER ≤ 5 %', async () => {
    expect((await gw.admin('/api/admin/models/pyannote/download', { method: 'POST', body: '{}' })).status).toBeLessThan(300);
    await until(async () => {
      const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
      const entry = models.find((m) => m.key === 'pyannote')!;
      if (entry.download.state === 'failed') throw new Error(JSON.stringify(entry.download.error));
      return entry.cache.state === 'complete';
    });
    const load = await gw.admin('/api/admin/models/pyannote/load', { method: 'POST', body: '{}' });
    expect(load.status).toBe(200);

    const res = await diarize(callWav);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-diarization-model')).toBe('pyannote');
    const body = (await res.json()) as DiarizationResponse;
    expect(body.speakers).toEqual(['SPEAKER_00', 'SPEAKER_01']);
    expect(body.duration).toBeCloseTo(call.durationSeconds, 3);
    expect(fileDer(call.reference, body.segments).der).toBeLessThan(0.05);
    expect(body.usage).toMatchObject({ type: 'duration', seconds: Math.ceil(call.durationSeconds) });
  });

  it('answers RTTM that scores the same', async () => {
    const res = await diarize(callWav, { response_format: 'rttm', model: 'pyannote' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const files = parseRttm(await res.text());
    expect([...files.keys()]).toEqual(['support-call']);
    expect(fileDer(call.reference, files.get('support-call')!).der).toBeLessThan(0.05);
  });

  it('finds no speaker in silence, one in a monologue, and no more than max_speakers', async () => {
    const silence = (await (await diarize(wavOf('silence', new Float32Array(12 * 16000)))).json()) as DiarizationResponse;
    expect(silence).toMatchObject({ speakers: [], segments: [] });
    const solo = makeConversation(SUPPORT_CALL.filter((l) => l.voice === 'B'));
    const one = (await (await diarize(wavOf('solo', solo.samples))).json()) as DiarizationResponse;
    expect(one.speakers).toHaveLength(1);
    const capped = (await (await diarize(callWav, { max_speakers: '1' })).json()) as DiarizationResponse;
    expect(capped.speakers).toEqual(['SPEAKER_00']);
  });

  it.each(['0', '-1', '1000', '33', 'two'])('refuses num_speakers=%s with a 400 naming the field', async (value) => {
    const res = await diarize(callWav, { num_speakers: value });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_request', param: 'num_speakers' });
  });

  it('names speakers after known references, and refuses a reference shorter than 2 s', async () => {
    const clip = (voice: 'A' | 'B', text: string): string => {
      const path = wavOf(`ref-${voice}`, makeConversation([{ voice, text, gap: 0.5 }], 0.5).samples);
      return `data:audio/wav;base64,${readFileSync(path).toString('base64')}`;
    };
    const named = await diarize(callWav, {
      known_speaker_names: ['customer', 'agent'],
      known_speaker_references: [clip('B', 'And this is the customer with another sentence'), clip('A', 'This is the agent speaking for a short reference clip')],
    });
    expect(named.status).toBe(200);
    const body = (await named.json()) as DiarizationResponse;
    expect(body.speakers.sort()).toEqual(['agent', 'customer']);
    expect(body.segments[0]!.speaker).toBe('agent');

    const short = `data:audio/wav;base64,${readFileSync(wavOf('short', new Float32Array(16000).fill(0.1))).toString('base64')}`;
    const res = await diarize(callWav, { known_speaker_names: ['x'], known_speaker_references: [short] });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error).toMatchObject({ code: 'invalid_speaker_reference', param: 'known_speaker_references[0]' });
    expect(error.message).toContain('between 2 and 10 s');
  });

  it('refuses a model that is not a diarization model', async () => {
    const res = await diarize(callWav, { model: 'silero-vad' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'wrong_model_task', param: 'model' });
  });
});
