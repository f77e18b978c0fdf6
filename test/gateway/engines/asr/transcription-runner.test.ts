import { execFileSync } from 'node:child_process';
import { createReadStream, lstatSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { ModelList } from '../../../../gateway/contract/models';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { fakeNvidiaSmi } from '../../../helpers/fake-nvidia-smi';
import { spokenSentences } from '../../../helpers/espeak-speech';
import { tempDir } from '../../../helpers/temp-dir';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';
import { writeWav } from '../../../fixtures/audio/two-voices';
import { canaryRepoFiles, canaryText, canaryWordTimes } from '../../../fixtures/models/canary-model';
import { parakeetRepoFiles, parakeetText, parakeetWordTimes } from '../../../fixtures/models/parakeet-model';

const dir = tempDir('passerelle-asr-e2e-');
const SENTENCE = 'Passerelle turns recorded speech into text on the premises, quickly and well.';
const FLASH_FILES = ['config.json', 'vocab.txt', '*.onnx', '*.onnx.data'];
let gw: TestGateway;
let client: OpenAI;
let wav: string;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(key: string): Promise<void> {
  expect((await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST', body: '{}' })).status).toBeLessThan(300);
  await until(async () => {
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    const entry = models.find((m) => m.key === key)!;
    if (entry.download.state === 'failed') throw new Error(JSON.stringify(entry.download.error));
    return entry.cache.state === 'complete';
  });
}

async function load(key: string, body: object): Promise<Record<string, unknown>> {
  const res = await gw.admin(`/api/admin/models/${key}/load`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

function encodeAs(ext: string, args: string[]): string {
  const out = join(dir, `speech.${ext}`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...args, out]);
  return out;
}

beforeAll(async () => {
  const hub = await startTestHub({
    repos: presetRepos({
      'istupakov/canary-1b-v2-onnx': canaryRepoFiles({ promptPrefix: true, timestamps: false }),
      'istupakov/canary-180m-flash-onnx': canaryRepoFiles({ promptPrefix: false, timestamps: true }),
      'istupakov/parakeet-tdt-0.6b-v3-onnx': parakeetRepoFiles(),
    }),
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url, NVIDIA_SMI: fakeNvidiaSmi() });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  wav = join(dir, 'speech.wav');
  writeWav(wav, spokenSentences([SENTENCE], 0.5).audio);
  const added = await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'canary-flash', repo: 'istupakov/canary-180m-flash-onnx', engine: 'nemo-aed', task: 'transcription', files: FLASH_FILES }) });
  expect(added.status).toBeLessThan(300);
  for (const key of ['canary', 'parakeet', 'canary-flash']) await download(key);
}, 120_000);

describe('parakeet through the official client', () => {
  it('loads on a chosen GPU id (CPU here, no CUDA provider) from snapshot files linked into the cache', async () => {
    const state = await load('parakeet', { gpu_device_ids: [1] });
    expect(state).toMatchObject({ runtime: { state: 'loaded', gpuDeviceIds: [1], device: 'cpu' } });
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    const commit = models.find((m) => m.key === 'parakeet')!.cache.commit!;
    const data = join(gw.cacheDir, 'models--istupakov--parakeet-tdt-0.6b-v3-onnx', 'snapshots', commit, 'encoder-model.onnx.data');
    // The external weights ORT had to find are a symlink to a blob, as huggingface_hub leaves them.
    expect(lstatSync(data).isSymbolicLink()).toBe(true);
  });

  const containers: Array<[string, string[]]> = [
    ['wav', []], ['mp3', ['-c:a', 'libmp3lame']], ['flac', ['-c:a', 'flac']], ['ogg', ['-c:a', 'libvorbis']], ['m4a', ['-c:a', 'aac']], ['webm', ['-c:a', 'libopus']],
  ];
  const expectedWords = parakeetWordTimes(parakeetText());

  it.each(containers)('transcribes %s in every response format with the expected text and times', async (ext, args) => {
    const path = ext === 'wav' ? wav : encodeAs(ext, args);
    const file = () => createReadStream(path);
    const json = await client.audio.transcriptions.create({ file: file(), model: 'parakeet' });
    expect(json.text).toBe(parakeetText());
    const text = await client.audio.transcriptions.create({ file: file(), model: 'parakeet', response_format: 'text' });
    expect(String(text).trim()).toBe(parakeetText());
    const verbose = await client.audio.transcriptions.create({ file: file(), model: 'parakeet', response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'] });
    expect(verbose.segments!.map((s) => s.text.trim())).toEqual(['Hello from the gateway.', 'It works.']);
    expect(verbose.segments![0]!.start).toBeCloseTo(expectedWords[0]!.start, 2);
    expect(verbose.segments![1]!.end).toBeCloseTo(expectedWords.at(-1)!.end, 2);
    expect(verbose.words!.map((w) => w.word)).toEqual(expectedWords.map((w) => w.word));
    verbose.words!.forEach((w, i) => expect([w.start, w.end]).toEqual([expect.closeTo(expectedWords[i]!.start, 2), expect.closeTo(expectedWords[i]!.end, 2)]));
    const srt = String(await client.audio.transcriptions.create({ file: file(), model: 'parakeet', response_format: 'srt' }));
    expect(srt).toContain('00:00:00,080 --> ');
    expect(srt).toContain('Hello from the gateway.');
    const vtt = String(await client.audio.transcriptions.create({ file: file(), model: 'parakeet', response_format: 'vtt' }));
    expect(vtt).toMatch(/^WEBVTT/);
    expect(vtt).toContain('00:00:00.080 --> ');
  });

  it('streams a delta per segment, then done', async () => {
    const stream = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'parakeet', stream: true });
    const events: Array<{ type: string; delta?: string; text?: string }> = [];
    for await (const e of stream) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['transcript.text.delta', 'transcript.text.delta', 'transcript.text.done']);
    expect(events.slice(0, 2).map((e) => e.delta).join('')).toBe(parakeetText());
    expect(events[2]!.text).toBe(parakeetText());
  });

  it('answers an empty transcript for audio shorter than one encoder frame', async () => {
    const tiny = join(dir, 'tiny.wav');
    writeWav(tiny, new Float32Array(800));
    const verbose = await client.audio.transcriptions.create({ file: createReadStream(tiny), model: 'parakeet', response_format: 'verbose_json' });
    expect(verbose).toMatchObject({ text: '', segments: [], duration: 0.05 });
  });

  it('refuses translation (400 unsupported_task) and a language it does not know (400 unsupported_language)', async () => {
    await expect(client.audio.translations.create({ file: createReadStream(wav), model: 'parakeet' })).rejects.toMatchObject({ status: 400, code: 'unsupported_task' });
    await expect(client.audio.transcriptions.create({ file: createReadStream(wav), model: 'parakeet', language: 'ja' })).rejects.toMatchObject({ status: 400, code: 'unsupported_language', param: 'language' });
    await expect(client.audio.transcriptions.create({ file: createReadStream(wav), model: 'silero-vad' })).rejects.toMatchObject({ status: 400, code: 'wrong_model_task' });
    await expect(client.audio.transcriptions.create({ file: createReadStream(wav), model: 'no-such-model' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    // Checked before the upload is decoded: not invalid_audio for a file that is not audio.
    const notAudio = await toFile(Buffer.from('not audio at all'), 'x.mp3');
    await expect(client.audio.transcriptions.create({ file: notAudio, model: 'no-such-model' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    await expect(client.audio.transcriptions.create({ file: notAudio, model: 'qwen' })).rejects.toMatchObject({ status: 400, code: 'wrong_model_task' });
  });
});

describe('canary through the official client', () => {
  it('transcribes in the language asked, lazily loaded on first use', async () => {
    const en = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', language: 'en' });
    expect(en.text).toBe(canaryText('en', 'en', true));
    const de = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', language: 'de', response_format: 'verbose_json' });
    expect(de).toMatchObject({ text: 'Der schnelle braune Fuchs springt.', language: 'german' });
    // canary-1b-v2 has no timestamp tokens in its export: one segment per chunk, no words.
    expect(de.segments).toHaveLength(1);
    expect(de.segments![0]).toMatchObject({ start: 0, end: expect.closeTo(de.duration, 2) });
    await expect(client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', language: 'it' })).rejects.toMatchObject({ status: 400, code: 'unsupported_language', param: 'language' });
  });

  it('translates to English from the language given, and asks for it when absent', async () => {
    const params = { file: createReadStream(wav), model: 'canary', language: 'de' } as OpenAI.Audio.TranslationCreateParams;
    expect((await client.audio.translations.create(params)).text).toBe('The fast brown fox leaps.');
    const verbose = await client.audio.translations.create({ file: createReadStream(wav), model: 'canary', language: 'fr', response_format: 'verbose_json' } as OpenAI.Audio.TranslationCreateParams);
    expect(verbose).toMatchObject({ text: 'The brown fox leaps.', language: 'english', task: 'translate' });
    await expect(client.audio.translations.create({ file: createReadStream(wav), model: 'canary' })).rejects.toMatchObject({ status: 400, param: 'language' });
  });

  it('gives flash models the timestamp prompt: word times from <|N|> tokens', async () => {
    const verbose = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary-flash', language: 'en', response_format: 'verbose_json', timestamp_granularities: ['word'] });
    const expected = canaryWordTimes(canaryText('en', 'en', true));
    expect(verbose.words!.map((w) => [w.word, w.start, w.end])).toEqual(expected.map((w) => [w.word, expect.closeTo(w.start, 2), expect.closeTo(w.end, 2)]));
  });

  it('serves the int8 variant when loaded with options.quantization = int8', async () => {
    expect((await gw.admin('/api/admin/models/canary/unload', { method: 'POST' })).status).toBe(200);
    await load('canary', { options: { quantization: 'int8' } });
    const res = await client.audio.transcriptions.create({ file: await toFile(createReadStream(wav), 'speech.wav'), model: 'canary', language: 'es' });
    expect(res.text).toBe(canaryText('es', 'es', true, true));
  });
});
