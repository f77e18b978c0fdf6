import { describe, expect, it } from 'vitest';
import { InferenceSession } from 'onnxruntime-node';
import { detectSpeech } from '../../../../gateway/engines/vad/silero-vad';
import { spokenSentences } from '../../../helpers/espeak-speech';

export const SILERO_VAD = '/work/shared/fixtures/models/silero-vad/silero_vad.onnx';

describe('silero VAD on the real model', () => {
  const speech = spokenSentences([
    'The gateway loads each model in its own process.',
    'Speech detection cuts long recordings into pieces.',
    'Silence between sentences is not speech.',
  ], 2);

  it('finds one segment per sentence, where the speech is', async () => {
    const session = await InferenceSession.create(SILERO_VAD);
    const segments = await detectSpeech(session, speech.audio, { minSilenceMs: 500 });
    expect(segments).toHaveLength(3);
    segments.forEach((seg, i) => {
      const sentence = speech.sentences[i]!;
      // Inside the sentence's audio (espeak adds a short tail of its own), and covering most of it.
      expect(seg.start).toBeGreaterThanOrEqual(sentence.start - 0.1);
      expect(seg.end).toBeLessThanOrEqual(sentence.end + 0.1);
      expect(seg.end - seg.start).toBeGreaterThan((sentence.end - sentence.start) * 0.6);
    });
  });

  it('finds nothing in silence and honours the threshold', async () => {
    const session = await InferenceSession.create(SILERO_VAD);
    expect(await detectSpeech(session, new Float32Array(16_000 * 3))).toEqual([]);
    const total = (segs: { start: number; end: number }[]): number => segs.reduce((t, s) => t + s.end - s.start, 0);
    const strict = await detectSpeech(session, speech.audio, { threshold: 0.99, minSilenceMs: 500 });
    const lenient = await detectSpeech(session, speech.audio, { threshold: 0.3, minSilenceMs: 500 });
    expect(total(strict)).toBeLessThan(total(lenient));
  });

  it('splits speech longer than maxSpeechSeconds', async () => {
    const session = await InferenceSession.create(SILERO_VAD);
    const segments = await detectSpeech(session, speech.audio, { minSilenceMs: 500, maxSpeechSeconds: 1 });
    expect(segments.length).toBeGreaterThan(3);
    for (const seg of segments) expect(seg.end - seg.start).toBeLessThanOrEqual(1.0001);
  });

  it('stops when its signal is aborted', async () => {
    const session = await InferenceSession.create(SILERO_VAD);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(detectSpeech(session, speech.audio, {}, controller.signal)).rejects.toThrow('cancelled by test');
  });
});
