import { execFileSync } from 'node:child_process';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { detectSpeech, openSilero, speechProbabilities, speechProbabilitiesPerWindow, type SileroModel } from '../../../../gateway/engines/vad/silero-vad';
import { DEFAULT_VAD_PARAMS, speechSegments } from '../../../../gateway/engines/vad/speech-segments';
import { spokenSentences } from '../../../helpers/espeak-speech';

export const SILERO_VAD = '/work/shared/fixtures/models/silero-vad/silero_vad.onnx';
const ONE_THREAD = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** A real recording of ../shared/fixtures, as 16 kHz mono float32 (sox). */
function realAudio(name: string): Float32Array {
  const raw = execFileSync('sox', [`/work/shared/fixtures/real-audio/${name}`, '-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', '-'], { maxBuffer: 64 << 20 });
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('silero VAD on the real model', () => {
  const speech = spokenSentences([
    'The gateway loads each model in its own process.',
    'Speech detection cuts long recordings into pieces.',
    'Silence between sentences is not speech.',
  ], 2);

  it('opens the model re-laid out for batches', async () => {
    expect((await openSilero(SILERO_VAD, ONE_THREAD)).batched).toBe(true);
  });

  it('finds one segment per sentence, where the speech is', async () => {
    const model = await openSilero(SILERO_VAD, ONE_THREAD);
    const segments = await detectSpeech(model, speech.audio, { minSilenceMs: 500 });
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
    const model = await openSilero(SILERO_VAD, ONE_THREAD);
    expect(await detectSpeech(model, new Float32Array(16_000 * 3))).toEqual([]);
    const total = (segs: { start: number; end: number }[]): number => segs.reduce((t, s) => t + s.end - s.start, 0);
    const strict = await detectSpeech(model, speech.audio, { threshold: 0.99, minSilenceMs: 500 });
    const lenient = await detectSpeech(model, speech.audio, { threshold: 0.3, minSilenceMs: 500 });
    expect(total(strict)).toBeLessThan(total(lenient));
  });

  it('splits speech longer than maxSpeechSeconds', async () => {
    const model = await openSilero(SILERO_VAD, ONE_THREAD);
    const segments = await detectSpeech(model, speech.audio, { minSilenceMs: 500, maxSpeechSeconds: 1 });
    expect(segments.length).toBeGreaterThan(3);
    for (const seg of segments) expect(seg.end - seg.start).toBeLessThanOrEqual(1.0001);
  });

  it('stops when its signal is aborted', async () => {
    const model = await openSilero(SILERO_VAD, ONE_THREAD);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(detectSpeech(model, speech.audio, {}, controller.signal)).rejects.toThrow('cancelled by test');
  });
});

describe('batched silero VAD against the per-window reference', () => {
  const original: Promise<SileroModel> = InferenceSession.create(SILERO_VAD, ONE_THREAD).then((session) => ({ session, batched: false }));
  const files = { 'pyannote-sample.wav': realAudio('pyannote-sample.wav'), 'jfk.flac': realAudio('jfk.flac') };
  const sameTimestamps = (lanes: Float32Array, reference: Float32Array, samples: number): void => {
    const before = speechSegments(reference, samples, DEFAULT_VAD_PARAMS);
    const after = speechSegments(lanes, samples, DEFAULT_VAD_PARAMS);
    expect(before.length).toBeGreaterThan(0);
    expect(after).toHaveLength(before.length);
    // One 32 ms window either way at most.
    for (const [i, s] of after.entries()) {
      expect(Math.abs(s.start - before[i]!.start)).toBeLessThanOrEqual(512);
      expect(Math.abs(s.end - before[i]!.end)).toBeLessThanOrEqual(512);
    }
  };

  it('the re-laid-out graph gives the original graph\'s probabilities', async () => {
    const batched = await openSilero(SILERO_VAD, ONE_THREAD);
    const audio = files['pyannote-sample.wav'];
    expect(maxDiff(await speechProbabilitiesPerWindow(batched, audio), await speechProbabilitiesPerWindow(await original, audio))).toBeLessThan(1e-4);
  });

  it.each(Object.keys(files))('lanes of 3 s with a 3 s warm-up give today\'s speech timestamps within 32 ms (%s)', async (name) => {
    const audio = files[name as keyof typeof files];
    const reference = await speechProbabilitiesPerWindow(await original, audio);
    // Lanes far shorter than the default, so a short recording crosses several lane edges.
    sameTimestamps(await speechProbabilities(await openSilero(SILERO_VAD, ONE_THREAD), audio, undefined, undefined, { minLaneWindows: 94, warmupWindows: 94, maxLanes: 64 }), reference, audio.length);
  });

  it('the default lanes give today\'s speech timestamps within 32 ms over ten minutes of sentences', async () => {
    const { sentences: clips, audio: spoken } = spokenSentences(['Every chunk must end in a silence.', 'A short one.', 'The gateway keeps serving while the worker restarts.'], 0);
    // Sentences with pauses of 0.6 to 1.5 s, as the long-audio tests and the benchmark lay them.
    const audio = new Float32Array(600 * 16_000);
    for (let at = 0, i = 0; at < audio.length; i++) {
      at += Math.round((0.6 + (i % 4) * 0.3) * 16_000);
      const { start, end } = clips[i % clips.length]!;
      const clip = spoken.subarray(Math.round(start * 16_000), Math.round(end * 16_000)).subarray(0, Math.max(0, audio.length - at));
      audio.set(clip, at);
      at += clip.length;
    }
    const reference = await speechProbabilitiesPerWindow(await original, audio);
    sameTimestamps(await speechProbabilities(await openSilero(SILERO_VAD, ONE_THREAD), audio), reference, audio.length);
  }, 60_000);

  it('runs ten minutes as one batch step per window of its lanes', async () => {
    const calls: number[] = [];
    const fake: SileroModel = {
      batched: true,
      session: { run: async (feeds) => {
        const lanes = (feeds.input as { dims: readonly number[] }).dims[0]!;
        calls.push(lanes);
        return { output: { data: new Float32Array(lanes) }, stateN: feeds.state } as never;
      } },
    };
    // 10 minutes: 18,750 windows in 10 lanes of 1,875 (60 s) plus 188 windows of warm-up.
    await speechProbabilities(fake, new Float32Array(600 * 16_000));
    expect(calls.length).toBe(1875 + 188);
    expect(new Set(calls)).toEqual(new Set([10]));
  });
});
