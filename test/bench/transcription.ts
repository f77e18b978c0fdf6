/**
 * One hour of speech end to end through the real gateway with the fixture NeMo models: upload
 * (16-bit WAV), decode, silero VAD (the real model) in the ASR worker, NeMo features, encoder and
 * greedy decoding per chunk, response. The time spent inside ONNX Runtime (VAD + encoder +
 * decoder, measured around each session.run in the worker) is shown apart, so the overhead around
 * it is visible. The fixture encoders and decoders are tiny, so the figures measure everything
 * but the real models' arithmetic.
 *
 *   node --import tsx test/bench/transcription.ts            # parakeet and canary
 *   node --import tsx test/bench/transcription.ts parakeet   # one model
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import type { TranscriptionRunner } from '../../gateway/engines/asr/transcription-runner';
import { startTestHub } from '../fixtures/hub/hub-server';
import { presetRepos } from '../fixtures/hub/preset-repos';
import { canaryRepoFiles } from '../fixtures/models/canary-model';
import { parakeetRepoFiles } from '../fixtures/models/parakeet-model';
import { writeWav } from '../fixtures/audio/two-voices';

const SECONDS = 3600;
const RATE = 16_000;
const SENTENCES = [
  'The morning train to the coast was late again.',
  'Operators watch the graphs while the models load.',
  'Please send the recording before noon tomorrow.',
  'The gateway keeps serving while the worker restarts.',
];

function speak(text: string, dir: string): Float32Array {
  const wav = join(dir, 'clip.wav');
  execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', wav, text]);
  const raw = execFileSync('sox', [wav, '-r', String(RATE), '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', '-']);
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

/** An hour of espeak-ng sentences with 0.6–1.5 s pauses. */
function hourOfSpeech(dir: string): string {
  const clips = SENTENCES.map((s) => speak(s, dir));
  const audio = new Float32Array(SECONDS * RATE);
  for (let at = 0, i = 0; at < audio.length; i++) {
    at += Math.round((0.6 + (i % 4) * 0.3) * RATE);
    if (at >= audio.length) break;
    const clip = clips[i % clips.length]!.subarray(0, Math.max(0, audio.length - at));
    audio.set(clip, at);
    at += clip.length;
  }
  const path = join(dir, 'hour.wav');
  writeWav(path, audio);
  return path;
}

async function admin(gw: RunningGateway, path: string, method = 'GET'): Promise<Response> {
  return fetch(`${gw.url}${path}`, { method, headers: { authorization: `Bearer ${gw.adminToken.secret}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
}

async function download(gw: RunningGateway, key: string): Promise<void> {
  await admin(gw, `/api/admin/models/${key}/download`, 'POST');
  for (;;) {
    const { models } = (await (await admin(gw, '/api/admin/models')).json()) as { models: Array<{ key: string; cache: { state: string } }> };
    if (models.find((m) => m.key === key)!.cache.state === 'complete') return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runCase(gw: RunningGateway, model: string, wav: string): Promise<void> {
  const runner = gw.deps.transcription as TranscriptionRunner;
  await admin(gw, `/api/admin/models/${model}/load`, 'POST');
  const before = { ...runner.stats };
  const form = new FormData();
  form.append('model', model);
  form.append('language', 'en');
  form.append('response_format', 'verbose_json');
  form.append('file', new Blob([readFileSync(wav)], { type: 'audio/wav' }), 'hour.wav');
  const t0 = performance.now();
  const res = await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
  const body = (await res.json()) as { segments?: unknown[]; usage?: Record<string, number> };
  const wallS = (performance.now() - t0) / 1000;
  if (res.status !== 200) throw new Error(`${model}: ${res.status} ${JSON.stringify(body)}`);
  const onnxS = (runner.stats.onnxMs - before.onnxMs) / 1000;
  const vadS = (runner.stats.vadOnnxMs - before.vadOnnxMs) / 1000;
  const featuresS = (runner.stats.featuresMs - before.featuresMs) / 1000;
  console.log(JSON.stringify({
    model, audioSeconds: SECONDS, uploadBytes: statSync(wav).size, chunks: runner.stats.chunks - before.chunks, segments: body.segments?.length,
    wallSeconds: round(wallS), asrOnnxSeconds: round(onnxS), vadOnnxSeconds: round(vadS), featuresSeconds: round(featuresS),
    everythingElseSeconds: round(wallS - onnxS - vadS - featuresS), processingSeconds: body.usage?.processing_seconds,
    rtf: round(wallS / SECONDS, 5), loadAverage: loadavg()[0]!.toFixed(1),
  }));
  await admin(gw, `/api/admin/models/${model}/unload`, 'POST');
}

function round(x: number, digits = 2): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-asr-'));
const models = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['parakeet', 'canary'];
const hub = await startTestHub({
  repos: presetRepos({
    'istupakov/canary-1b-v2-onnx': canaryRepoFiles({ promptPrefix: true, timestamps: false }),
    'istupakov/parakeet-tdt-0.6b-v3-onnx': parakeetRepoFiles(),
  }),
});
const config = loadConfig({ API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'warn', MODEL_CACHE_DIR: join(dir, 'cache'), STATE_DIR: join(dir, 'state'), HF_ENDPOINT: hub.url });
const gw = await startGateway(config);
try {
  const wav = hourOfSpeech(dir);
  for (const key of ['silero-vad', ...models]) await download(gw, key);
  for (const model of models) await runCase(gw, model, wav);
} finally {
  await gw.stop();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
}
