import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpeakerTurn } from '../../../../gateway/audio/transcript';
import { TranscriptionDiarized, TranscriptionVerbose } from '../../../../gateway/contract/audio';
import type { ModelList } from '../../../../gateway/contract/models';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { tempDir } from '../../../helpers/temp-dir';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';
import { embeddingModel, segmentationModel } from '../../../fixtures/models/diarization-models';
import { makeConversation, SUPPORT_CALL, writeWav, type Conversation } from '../../../fixtures/audio/two-voices';
import { FakeTranscriptionService } from '../../../fixtures/audio/fake-transcription-service';

const dir = tempDir();
let gw: TestGateway;
let client: OpenAI;
let call: Conversation;
let wav: string;

/** The reference speaker talking most during [start, end], or null when nobody does. */
function truth(reference: SpeakerTurn[], start: number, end: number): string | null {
  let best: string | null = null;
  let most = 0;
  for (const t of reference) {
    const overlap = Math.min(end, t.end) - Math.max(start, t.start);
    if (overlap > most) { most = overlap; best = t.speaker; }
  }
  return best;
}

beforeAll(async () => {
  const hub = await startTestHub({
    repos: presetRepos({
      'onnx-community/pyannote-segmentation-3.0': { 'onnx/model.onnx': Buffer.from(segmentationModel()) },
      'hbredin/wespeaker-voxceleb-resnet34-LM': { 'speaker-embedding.onnx': Buffer.from(embeddingModel()) },
    }),
    tokens: { hf_diarization_test: { user: 'operator', access: ['*'] } },
  });
  afterAll(() => hub.close());
  gw = await startTestGateway({ HF_ENDPOINT: hub.url, HUGGINGFACE_TOKEN: 'hf_diarization_test' });
  // The ASR engines are another issue's; their stand-in finds the real voiced stretches of the audio.
  gw.deps.transcription = new FakeTranscriptionService();
  client = new OpenAI({ apiKey: 'unused-no-keys-configured', baseURL: `${gw.url}/v1`, maxRetries: 0 });
  call = makeConversation(SUPPORT_CALL);
  wav = join(dir, 'call.wav');
  writeWav(wav, call.samples);
  await gw.admin('/api/admin/models/pyannote/download', { method: 'POST', body: '{}' });
  for (let i = 0; i < 600; i++) {
    const { models } = (await (await gw.admin('/api/admin/models')).json()) as ModelList;
    if (models.find((m) => m.key === 'pyannote')!.cache.state === 'complete') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await gw.admin('/api/admin/models/pyannote/load', { method: 'POST', body: '{}' })).status).toBe(200);
});

describe('diarization on /v1/audio/transcriptions through the openai client', () => {
  it('gives each diarized_json segment the speaker who says it', async () => {
    const body = TranscriptionDiarized.parse(await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', response_format: 'diarized_json' }));
    expect(body.segments.length).toBeGreaterThanOrEqual(SUPPORT_CALL.length);
    // Diarization labels A, B in the order speakers were found: the agent (voice A) opens the call.
    const expected = { A: 'A', B: 'B' } as Record<string, string>;
    for (const s of body.segments) {
      expect(s.speaker, `segment ${s.id} [${s.start}, ${s.end}]`).toBe(expected[truth(call.reference, s.start, s.end)!]);
    }
    expect(new Set(body.segments.map((s) => s.speaker))).toEqual(new Set(['A', 'B']));
  });

  it('labels SRT cues with speakers when a diarization_model is named, and gives verbose_json words a speaker', async () => {
    const srt = (await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', response_format: 'srt', diarization_model: 'pyannote' } as never)) as unknown as string;
    expect(srt).toMatch(/\n\[A\] /);
    expect(srt).toMatch(/\n\[B\] /);
    const verbose = TranscriptionVerbose.parse(await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', response_format: 'verbose_json', timestamp_granularities: ['word'], diarization_model: 'pyannote' } as never));
    const words = verbose.words as Array<{ start: number; end: number; speaker?: string }>;
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((w) => w.speaker === 'A' || w.speaker === 'B')).toBe(true);
  });

  it('streams segment events with speakers and a done event carrying them', async () => {
    const stream = await client.audio.transcriptions.create({ file: createReadStream(wav), model: 'canary', response_format: 'diarized_json', stream: true } as never) as unknown as AsyncIterable<{ type: string; speaker?: string; segments?: Array<{ speaker: string }> }>;
    const events = [];
    for await (const e of stream) events.push(e);
    const segments = events.filter((e) => e.type === 'transcript.text.segment');
    expect(segments.length).toBeGreaterThan(0);
    expect(new Set(segments.map((s) => s.speaker))).toEqual(new Set(['A', 'B']));
    const done = events.at(-1)!;
    expect(done.type).toBe('transcript.text.done');
    expect(done.segments!.map((s) => s.speaker)).toEqual(segments.map((s) => s.speaker));
  });

  it('names segments after known speakers', async () => {
    const clip = (voice: 'A' | 'B', text: string): string => {
      const path = join(dir, `ref-${voice}.wav`);
      writeWav(path, makeConversation([{ voice, text, gap: 0.5 }], 0.5).samples);
      return `data:audio/wav;base64,${readFileSync(path).toString('base64')}`;
    };
    const body = TranscriptionDiarized.parse(await client.audio.transcriptions.create({
      file: createReadStream(wav), model: 'canary', response_format: 'diarized_json',
      known_speaker_names: ['agent', 'customer'],
      known_speaker_references: [clip('A', 'This is the agent speaking for a short reference clip'), clip('B', 'And this is the customer with another sentence')],
    } as never));
    expect(body.segments[0]!.speaker).toBe('agent');
    expect(new Set(body.segments.map((s) => s.speaker))).toEqual(new Set(['agent', 'customer']));
  });
});
