import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelList } from '../../../../gateway/contract/models';
import type { TranscriptionRunner } from '../../../../gateway/engines/asr/transcription-runner';
import { chunksFromSpeech, fixedWindows } from '../../../../gateway/engines/asr/audio-chunks';
import { planChunks, speechInBlocks } from '../../../../gateway/engines/asr/chunk-plan';
import type { ModelLease } from '../../../../gateway/models/model-lease';
import type { AsrRequest } from '../../../../gateway/engines/asr/asr-request';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { spokenSentences } from '../../../helpers/espeak-speech';
import { tempDir } from '../../../helpers/temp-dir';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';
import { writeWav } from '../../../fixtures/audio/two-voices';
import { parakeetRepoFiles, parakeetText, parakeetWordTimes } from '../../../fixtures/models/parakeet-model';
import { canaryRepoFiles, canaryText } from '../../../fixtures/models/canary-model';

const RATE = 16_000;
const SENTENCES = [
  'The morning train to the coast was late again.',
  'Operators watch the graphs while the models load.',
  'Please send the recording before noon tomorrow.',
  'Every chunk must end in a silence, never inside a word.',
  'A short one.',
  'The gateway keeps serving while the worker restarts.',
];
const dir = tempDir('passerelle-long-audio-');
const script = parakeetWordTimes(parakeetText());
let gw: TestGateway;
let client: OpenAI;

/** `sentences`: where the voice of each one starts and ends, seconds. */
interface LongAudio { path: string; sentences: Array<{ start: number; end: number }>; durationSeconds: number }

/** espeak-ng sentences separated by real silences of 0.6 to 1.5 s, to `seconds` long, as a 16-bit WAV. */
function longAudio(name: string, seconds: number): LongAudio {
  const spoken = SENTENCES.map((s) => spokenSentences([s], 0).audio);
  const parts: Float32Array[] = [];
  const sentences: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (let i = 0; at < seconds * RATE; i++) {
    const gap = new Float32Array(Math.round((0.6 + (i % 4) * 0.3) * RATE));
    const clip = spoken[i % spoken.length]!;
    parts.push(gap, clip);
    // Where the voice is: espeak's clips start and end with a little silence of their own.
    const voiced = voicedRange(clip);
    sentences.push({ start: (at + gap.length + voiced.first) / RATE, end: (at + gap.length + voiced.last) / RATE });
    at += gap.length + clip.length;
  }
  const audio = new Float32Array(at);
  let offset = 0;
  for (const p of parts) {
    audio.set(p, offset);
    offset += p.length;
  }
  const path = join(dir, `${name}.wav`);
  writeWav(path, audio);
  return { path, sentences, durationSeconds: at / RATE };
}

async function download(key: string): Promise<void> {
  expect((await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST', body: '{}' })).status).toBeLessThan(300);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    if (models.find((m) => m.key === key)!.cache.state === 'complete') return;
    if (Date.now() > deadline) throw new Error(`${key} did not download`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function voicedRange(clip: Float32Array): { first: number; last: number } {
  const loud = (x: number): boolean => Math.abs(x) > 0.02;
  return { first: clip.findIndex(loud), last: clip.findLastIndex(loud) + 1 };
}

/** Where each chunk started: the fixture model says "Hello" one frame into every chunk. */
function chunkStarts(words: Array<{ word: string; start: number }>): number[] {
  return words.filter((w) => w.word === 'Hello').map((w) => w.start - script[0]!.start);
}

beforeAll(async () => {
  const hub = await startTestHub({ repos: presetRepos({ 'istupakov/parakeet-tdt-0.6b-v3-onnx': parakeetRepoFiles(), 'istupakov/canary-1b-v2-onnx': canaryRepoFiles({ promptPrefix: true, timestamps: false }) }) });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 300_000 });
  await download('parakeet');
  await download('canary');
}, 120_000);

describe('chunk planning', () => {
  it('merges speech into chunks of at most the limit, cutting only between segments', () => {
    const speech = [{ start: 1, end: 9 }, { start: 10, end: 19 }, { start: 20, end: 33 }, { start: 34, end: 40 }];
    expect(chunksFromSpeech(speech, 30).map((c) => [c.start, c.end])).toEqual([[1, 19], [20, 40]]);
    expect(chunksFromSpeech([{ start: 0, end: 65 }], 30).map((c) => [c.start, c.end])).toEqual([[0, 30], [30, 60], [60, 65]]);
  });

  it('runs VAD block by block, joining a segment the block edge cut', async () => {
    // Blocks of 10 s; speech 2–4 s, 8–10 s (cut by the edge) + 10–11.5 s, 15–16 s, 20–20.5 s (starts at the edge, nothing ends before it).
    const answers = [[{ start: 2, end: 4 }, { start: 8, end: 10 }], [{ start: 0, end: 1.5 }, { start: 5, end: 6 }], [{ start: 0.05, end: 0.5 }]];
    const sizes: number[] = [];
    const lease = { run: async (r: unknown) => {
      sizes.push((r as Extract<AsrRequest, { op: 'speech' }>).audio.length);
      return { segments: answers[sizes.length - 1], onnxMs: 1 };
    } };
    const segments = [];
    let onnxMs = 0;
    for await (const s of speechInBlocks(lease, new Float32Array(25 * RATE), 'vad.onnx', {}, new AbortController().signal, 10, (ms) => (onnxMs += ms))) segments.push(s);
    expect(sizes).toEqual([10 * RATE, 10 * RATE, 5 * RATE]);
    expect(segments).toEqual([{ start: 2, end: 4 }, { start: 8, end: 11.5 }, { start: 15, end: 16 }, { start: 20.05, end: 20.5 }]);
    expect(onnxMs).toBe(3);
  });

  it('hands out the first chunks before VAD has scanned the rest of the file', async () => {
    // 50 s in blocks of 10 s, speech at 1–2, 5–6 and 9–9.5 s of each; chunks of at most 4 s.
    const scanned: number[] = [];
    const lease = { run: async (r: unknown) => {
      const { audio } = r as Extract<AsrRequest, { op: 'speech' }>;
      scanned.push(audio.length);
      return { segments: [{ start: 1, end: 2 }, { start: 5, end: 6 }, { start: 9, end: 9.5 }], onnxMs: 2 };
    } } as unknown as ModelLease;
    const plan = await planChunks(lease, { samples: new Float32Array(50 * RATE), durationSeconds: 50, chunking: 'auto', maxChunkSeconds: 4, vadModel: 'vad.onnx', signal: new AbortController().signal, vadBlockSeconds: 10 });
    const blocksAtChunk: number[] = [];
    const chunks = [];
    for await (const chunk of plan.chunks) {
      blocksAtChunk.push(scanned.length);
      chunks.push([chunk.start, chunk.end]);
    }
    expect(plan.method).toBe('vad');
    expect(chunks).toEqual([[1, 2], [5, 6], [9, 12], [15, 16], [19, 22], [25, 26], [29, 32], [35, 36], [39, 42], [45, 46], [49, 49.5]]);
    // The first chunk comes after one block of five, the last once all are scanned.
    expect(blocksAtChunk[0]).toBe(1);
    expect(blocksAtChunk.at(-1)).toBe(5);
    expect(plan.onnxMs).toBe(10);
  });

  it('lays fixed windows that overlap, each keeping up to the middle of its overlaps', () => {
    expect(fixedWindows(70, 30, 2).map((c) => [c.start, c.end, c.keepFrom, c.keepTo])).toEqual([[0, 30, -Infinity, 29], [28, 58, 29, 57], [56, 70, 57, Infinity]]);
    expect(fixedWindows(12, 30, 2)).toHaveLength(1);
  });
});

describe('long audio through the gateway', () => {
  it('cuts fixed overlapping windows while silero-vad is not downloaded, each word once', async () => {
    const long = longAudio('seventy', 70);
    const res = await client.audio.transcriptions.create({ file: createReadStream(long.path), model: 'parakeet', response_format: 'verbose_json', timestamp_granularities: ['word'] });
    const windows = fixedWindows(long.durationSeconds, 30, 2);
    const expected = windows.flatMap((w) => script.map((s) => ({ word: s.word, start: w.start + s.start })).filter((s) => s.start >= w.keepFrom && s.start < w.keepTo));
    expect(res.words!.map((w) => [w.word, w.start])).toEqual(expected.map((w) => [w.word, expect.closeTo(w.start, 2)]));
    const { events } = (await (await gw.admin('/api/admin/events')).json()) as { events: Array<{ kind: string; hint?: string }> };
    expect(events.filter((e) => e.kind === 'transcription.vad_missing')).toEqual([expect.objectContaining({ hint: expect.stringContaining('silero-vad') })]);
  });

  it('keeps each overlapping window\'s segment whole for canary-1b-v2, which has no word times', async () => {
    const long = longAudio('canary-seventy', 70);
    const res = await client.audio.transcriptions.create({ file: createReadStream(long.path), model: 'canary', language: 'en', response_format: 'verbose_json' });
    const windows = fixedWindows(long.durationSeconds, 30, 2);
    expect(res.segments!.map((s) => [s.start, s.end, s.text.trim()])).toEqual(windows.map((w) => [w.start, expect.closeTo(w.end, 2), canaryText('en', 'en', true)]));
  });

  it('cuts a 10-minute file at its real silences once silero-vad is downloaded', async () => {
    await download('silero-vad');
    const long = longAudio('ten-minutes', 600);
    const res = await client.audio.transcriptions.create({ file: createReadStream(long.path), model: 'parakeet', response_format: 'verbose_json', timestamp_granularities: ['word'], chunking_strategy: 'auto' });
    expect(res.duration).toBeCloseTo(long.durationSeconds, 1);
    const starts = chunkStarts(res.words!);
    // ≤ 30 s chunks over 10 minutes, several sentences each.
    expect(starts.length).toBeGreaterThanOrEqual(20);
    expect(starts.length).toBeLessThan(long.sentences.length / 2);
    for (const start of starts) {
      // Every chunk begins in the silence just before a sentence's voice: silero pads speech by
      // 30 ms but sees it in 32 ms windows, so the cut may land up to a window into a soft onset.
      const next = long.sentences.find((s) => s.end > start)!;
      const previousEnd = long.sentences[long.sentences.indexOf(next) - 1]?.end ?? 0;
      expect(start).toBeGreaterThan(previousEnd);
      expect(start).toBeGreaterThan(next.start - 0.1);
      expect(start).toBeLessThan(next.start + 0.032);
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(30 + 1.6);
  }, 300_000);

  it('honours server_vad on short audio: VAD cuts where it would otherwise be one block, prefix_padding_ms included', async () => {
    const long = longAudio('server-vad', 20);
    const firstChunk = async (chunking: string | null): Promise<number> => {
      const form = new FormData();
      form.append('model', 'parakeet');
      form.append('response_format', 'verbose_json');
      form.append('timestamp_granularities[]', 'word');
      if (chunking) form.append('chunking_strategy', chunking);
      form.append('file', new Blob([readFileSync(long.path)], { type: 'audio/wav' }), 'short.wav');
      const res = await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
      expect(res.status).toBe(200);
      return chunkStarts(((await res.json()) as { words: Array<{ word: string; start: number }> }).words)[0]!;
    };
    const speechStart = long.sentences[0]!.start;
    expect(await firstChunk(null)).toBeCloseTo(0, 2);
    const tight = await firstChunk(JSON.stringify({ type: 'server_vad', prefix_padding_ms: 30 }));
    const padded = await firstChunk(JSON.stringify({ type: 'server_vad', prefix_padding_ms: 300, silence_duration_ms: 200, threshold: 0.5 }));
    expect(tight).toBeLessThanOrEqual(speechStart);
    expect(speechStart - tight).toBeLessThan(0.1);
    expect(tight - padded).toBeCloseTo(0.27, 1);
  }, 120_000);

  it('stops between chunks when the client goes away', async () => {
    const runner = gw.deps.transcription as TranscriptionRunner;
    const before = runner.stats.chunks;
    const long = longAudio('abandoned', 300);
    const controller = new AbortController();
    const pending = client.audio.transcriptions.create({ file: createReadStream(long.path), model: 'parakeet' }, { signal: controller.signal });
    pending.catch(() => undefined);
    while (runner.stats.chunks === before) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(pending).rejects.toThrow();
    const atAbort = runner.stats.chunks;
    await new Promise((r) => setTimeout(r, 2000));
    // At most the chunk in flight finishes; a 5-minute file has a dozen more.
    expect(runner.stats.chunks - atAbort).toBeLessThanOrEqual(1);
  }, 120_000);
});
