import { describe, expect, it } from 'vitest';
import { sharedAudioAdmission } from '../../../gateway/audio/audio-admission';
import { startTestGateway } from '../../helpers/in-process-gateway';
import { json } from '../../helpers/json';

/** A valid one-second 16 kHz mono PCM WAV of silence. */
function wav(): Blob {
  const samples = 16_000;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(16_000, 24);
  buf.writeUInt32LE(32_000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  return new Blob([buf]);
}

describe('one audio admission for every audio route', () => {
  it('diarizations wait for the same turn as transcriptions, and get 503 with Retry-After when it is full', async () => {
    const gw = await startTestGateway();
    gw.deps.audioConcurrency = { running: 1, queued: 0, queueTimeoutMs: 1000 };
    const held = await sharedAudioAdmission(gw.deps, gw.deps.audioConcurrency).acquire(new AbortController().signal);
    try {
      for (const [route, model] of [['diarizations', 'pyannote'], ['transcriptions', 'canary']]) {
        const form = new FormData();
        form.append('file', wav(), 'a.wav');
        form.append('model', model!);
        const res = await fetch(`${gw.url}/v1/audio/${route}`, { method: 'POST', body: form });
        expect(res.status, route).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect((await json(res)).error.code).toBe('server_overloaded');
      }
    } finally {
      held();
    }
  });
});
