import { beforeAll, describe, expect, it } from 'vitest';
import { nemoAedEngine } from '../../../../gateway/engines/asr/nemo-aed-engine';
import { nemoTdtEngine } from '../../../../gateway/engines/asr/nemo-tdt-engine';
import type { AsrChunkResult, AsrInfo, AsrRequest } from '../../../../gateway/engines/asr/asr-request';
import type { LoadedEngine } from '../../../../gateway/engines/worker-engine';
import { canaryRepoFiles, canaryText, canaryWordTimes } from '../../../fixtures/models/canary-model';
import { parakeetRepoFiles, parakeetText, parakeetWordTimes } from '../../../fixtures/models/parakeet-model';
import { hubSnapshot } from '../../../fixtures/models/hub-snapshot';
import { spokenSentences } from '../../../helpers/espeak-speech';

const CPU = { gpuDeviceIds: [] };
let speech: Float32Array;
let canary: string;
let flash: string;
let parakeet: string;

const run = (engine: LoadedEngine<AsrRequest, unknown>, request: AsrRequest) => engine.run(request, () => undefined, new AbortController().signal);
const transcribe = async (engine: LoadedEngine<AsrRequest, unknown>, extra: Partial<Extract<AsrRequest, { op: 'transcribe' }>> = {}) =>
  (await run(engine, { op: 'transcribe', audio: speech, task: 'transcribe', language: 'en', wordTimestamps: true, ...extra })) as AsrChunkResult;

beforeAll(() => {
  speech = spokenSentences(['The quick brown fox jumps over the lazy dog near the river bank.'], 0.3).audio;
  canary = hubSnapshot('istupakov/canary-1b-v2-onnx', canaryRepoFiles({ promptPrefix: true, timestamps: false }));
  flash = hubSnapshot('istupakov/canary-180m-flash-onnx', canaryRepoFiles({ promptPrefix: false, timestamps: true }));
  parakeet = hubSnapshot('istupakov/parakeet-tdt-0.6b-v3-onnx', parakeetRepoFiles());
});

describe('nemo-aed (Canary)', () => {
  it('transcribes with the ▁-prefixed canary2 prompt, the language asked, external weights through the symlinks', async () => {
    const engine = (await nemoAedEngine.load({ main: canary }, {}, CPU)) as LoadedEngine<AsrRequest, unknown>;
    const info = (await run(engine, { op: 'info' })) as AsrInfo;
    expect(info).toMatchObject({ languages: ['en', 'fr', 'de', 'es'], translates: true, wordTimes: false });
    const en = await transcribe(engine);
    expect(en.segments.map((s) => s.text)).toEqual([canaryText('en', 'en', true)]);
    expect(en.segments[0]).toMatchObject({ start: 0, end: speech.length / 16000 });
    expect(en.segments[0]!.words).toBeUndefined();
    expect(en.onnxMs).toBeGreaterThan(0);
    expect((await transcribe(engine, { language: 'de' })).segments[0]!.text).toBe('Der schnelle braune Fuchs springt.');
    expect((await transcribe(engine, { language: 'de', task: 'translate' })).segments[0]!.text).toBe('The fast brown fox leaps.');
    await expect(transcribe(engine, { language: 'it' })).rejects.toMatchObject({ code: 'unsupported_language' });
    await engine.dispose();
  });

  it('asks for no punctuation with options.punctuation = false (the <|nopnc|> slot)', async () => {
    const engine = (await nemoAedEngine.load({ main: canary }, { punctuation: false }, CPU)) as LoadedEngine<AsrRequest, unknown>;
    expect((await transcribe(engine, { language: 'de' })).segments[0]!.text).toBe('der schnelle braune fuchs springt');
    await engine.dispose();
  });

  it('loads the int8 variant when options.quantization is int8', async () => {
    const engine = (await nemoAedEngine.load({ main: canary }, { quantization: 'int8' }, CPU)) as LoadedEngine<AsrRequest, unknown>;
    expect((await transcribe(engine, { language: 'fr' })).segments.map((s) => s.text).join(' ')).toBe(canaryText('fr', 'fr', true, true));
    await engine.dispose();
    await expect(nemoAedEngine.load({ main: canary }, { quantization: 'int4' }, CPU)).rejects.toThrow(/quantization/);
  });

  it('gives flash models (no ▁ prefix) the timestamp prompt and reads word times from the frame tokens', async () => {
    const engine = (await nemoAedEngine.load({ main: flash }, {}, CPU)) as LoadedEngine<AsrRequest, unknown>;
    const en = await transcribe(engine);
    expect(en.segments.map((s) => s.text).join(' ')).toBe(canaryText('en', 'en', true));
    const words = en.segments.flatMap((s) => s.words ?? []);
    const expected = canaryWordTimes(canaryText('en', 'en', true));
    expect(words.map((w) => w.word)).toEqual(expected.map((w) => w.word));
    words.forEach((w, i) => expect([w.start, w.end]).toEqual([expect.closeTo(expected[i]!.start, 6), expect.closeTo(expected[i]!.end, 6)]));
    await engine.dispose();
  });
});

describe('nemo-tdt (Parakeet)', () => {
  it('decodes TDT tokens with durations into words timed from frames, segments split at sentence ends', async () => {
    const engine = (await nemoTdtEngine.load({ main: parakeet }, {}, CPU)) as LoadedEngine<AsrRequest, unknown>;
    const info = (await run(engine, { op: 'info' })) as AsrInfo;
    expect(info).toMatchObject({ engine: 'nemo-tdt', translates: false, wordTimes: true });
    const result = await transcribe(engine);
    expect(result.segments.map((s) => s.text)).toEqual(['Hello from the gateway.', 'It works.']);
    const words = result.segments.flatMap((s) => s.words ?? []);
    const expected = parakeetWordTimes(parakeetText());
    expect(words.map((w) => w.word)).toEqual(expected.map((w) => w.word));
    words.forEach((w, i) => expect([w.start, w.end]).toEqual([expect.closeTo(expected[i]!.start, 6), expect.closeTo(expected[i]!.end, 6)]));
    expect(result.segments[1]!.start).toBeCloseTo(expected[4]!.start, 6);
    await expect(transcribe(engine, { task: 'translate' })).rejects.toMatchObject({ code: 'unsupported_task' });
    await engine.dispose();
  });

  it('stops at the end of short audio and loads the int8 joint on request', async () => {
    const engine = (await nemoTdtEngine.load({ main: parakeet }, { quantization: 'int8' }, CPU)) as LoadedEngine<AsrRequest, unknown>;
    expect((await transcribe(engine)).segments.map((s) => s.text).join(' ')).toBe(parakeetText(true));
    const short = await transcribe(engine, { audio: speech.subarray(0, 0.3 * 16000) });
    expect(short.segments.map((s) => s.text).join(' ')).toBe('Hello');
    await engine.dispose();
  });
});
