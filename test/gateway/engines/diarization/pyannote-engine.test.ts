import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDer } from '../../../../gateway/audio/der';
import { pyannoteEngine, type DiarizationResult } from '../../../../gateway/engines/diarization/pyannote-engine';
import type { LoadedEngine } from '../../../../gateway/engines/worker-engine';
import type { DiarizationRequest } from '../../../../gateway/engines/diarization/pyannote-engine';
import { makeConversation, SUPPORT_CALL, type Conversation } from '../../../fixtures/audio/two-voices';
import { writeDiarizationModels } from '../../../fixtures/models/diarization-models';
import { PYANNOTE_CONFIG } from '../../../fixtures/hub/preset-repos';
import { tempDir } from '../../../helpers/temp-dir';

const dir = tempDir();
let engine: LoadedEngine<DiarizationRequest, DiarizationResult>;
let call: Conversation;
const run = (request: DiarizationRequest): Promise<DiarizationResult> => engine.run(request, () => {}, new AbortController().signal);

beforeAll(async () => {
  const models = writeDiarizationModels(dir);
  const pipeline = join(dir, 'pipeline');
  mkdirSync(pipeline);
  writeFileSync(join(pipeline, 'config.yaml'), PYANNOTE_CONFIG);
  engine = await pyannoteEngine.load({ pipeline, ...models }, {}, { gpuDeviceIds: [] });
  call = makeConversation(SUPPORT_CALL);
});
afterAll(() => engine?.dispose());

describe('pyannote engine on the fixture models', () => {
  it('diarizes the synthetic support call with a DER under 5 %', async () => {
    const result = await run({ audio: call.samples });
    const der = fileDer(call.reference, result.turns);
    expect(result.speakers).toEqual(['SPEAKER_00', 'SPEAKER_01']);
    expect(der.der).toBeLessThan(0.05);
    expect(result.durationSeconds).toBeCloseTo(call.durationSeconds, 6);
    expect(result.onnxMs.segmentation).toBeGreaterThan(0);
  });

  it('keeps the overlap in turns and removes it from exclusive turns', async () => {
    const result = await run({ audio: call.samples });
    const overlap = call.reference[5]!.start + 0.5; // B starts while A is still speaking
    expect(result.turns.filter((t) => t.start <= overlap && t.end >= overlap)).toHaveLength(2);
    const exclusive = [...result.exclusiveTurns].sort((a, b) => a.start - b.start);
    for (let i = 1; i < exclusive.length; i++) expect(exclusive[i]!.start).toBeGreaterThanOrEqual(exclusive[i - 1]!.end - 1e-9);
    expect(fileDer(call.reference, result.exclusiveTurns, { skipOverlap: true }).der).toBeLessThan(0.05);
  });

  it('finds no speaker in silence', async () => {
    const result = await run({ audio: new Float32Array(20 * 16000) });
    expect(result).toMatchObject({ speakers: [], turns: [], exclusiveTurns: [] });
  });

  it('finds one speaker when one voice talks', async () => {
    const solo = makeConversation(SUPPORT_CALL.filter((l) => l.voice === 'A'));
    const result = await run({ audio: solo.samples });
    expect(result.speakers).toHaveLength(1);
    expect(fileDer(solo.reference, result.turns).der).toBeLessThan(0.05);
  });

  it('never returns more speakers than max_speakers, and honours num_speakers', async () => {
    const capped = await run({ audio: call.samples, bounds: { maxSpeakers: 1 } });
    expect(capped.speakers).toHaveLength(1);
    const forced = await run({ audio: call.samples, bounds: { numSpeakers: 2 } });
    expect(forced.speakers).toHaveLength(2);
  });

  it('diarizes a file shorter than one 10 s window', async () => {
    const short = makeConversation(SUPPORT_CALL.slice(0, 2), 0.3);
    expect(short.durationSeconds).toBeLessThan(10);
    const result = await run({ audio: short.samples });
    expect(result.speakers).toHaveLength(2);
    expect(fileDer(short.reference, result.turns).der).toBeLessThan(0.05);
    expect(Math.max(...result.turns.map((t) => t.end))).toBeLessThanOrEqual(short.durationSeconds);
  });

  it('names clusters after known speakers by their reference clips', async () => {
    // Reference clips as people record them: speech with some silence around it.
    const agent = makeConversation([{ voice: 'A', text: 'This is the agent speaking for a short reference clip', gap: 0.5 }], 0.5).samples;
    const customer = makeConversation([{ voice: 'B', text: 'And this is the customer with another sentence', gap: 0.5 }], 0.5).samples;
    const result = await run({ audio: call.samples, knownSpeakers: [{ name: 'customer', audio: customer }, { name: 'agent', audio: agent }] });
    const first = result.turns.find((t) => t.start < 1.5)!;
    expect(result.names[first.speaker]).toBe('agent');
    expect(Object.values(result.names).sort()).toEqual(['agent', 'customer']);
  });

  it('refuses a known speaker reference shorter than 2 s', async () => {
    await expect(run({ audio: call.samples, knownSpeakers: [{ name: 'x', audio: new Float32Array(16000) }] })).rejects.toThrow(/at least 2 s/);
  });
});
