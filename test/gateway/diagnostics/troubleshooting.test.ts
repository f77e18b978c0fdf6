import { describe, expect, it } from 'vitest';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadStuckCheck } from '../../../gateway/diagnostics/troubleshooting/download-stuck';
import { findStalledPartials } from '../../../gateway/diagnostics/troubleshooting/stalled-partials';
import { cudaRequiredCheck } from '../../../gateway/diagnostics/troubleshooting/cuda-required';
import { pyannoteCheckpointsCheck } from '../../../gateway/diagnostics/troubleshooting/pyannote-checkpoints';
import { apiAuthCheck } from '../../../gateway/diagnostics/troubleshooting/api-auth';
import { dashboardEmptyCheck, referencedAssets } from '../../../gateway/diagnostics/troubleshooting/dashboard-empty';
import { EventLog } from '../../../gateway/events/event-log';
import { check, diagnosticsContext, gpu, snapshotOf } from '../../helpers/diagnostics-context';
import { tempDir } from '../../helpers/temp-dir';

/** A cache holding a partial blob of `bytes`, last written `ageSeconds` ago (huggingface_hub layout). */
function cacheWithPartial(bytes: number, ageSeconds: number, sidecar?: object): string {
  const cache = tempDir();
  const blobs = join(cache, 'models--pyannote--segmentation-3.0', 'blobs');
  mkdirSync(blobs, { recursive: true });
  const file = join(blobs, 'da85c29829d4002daedd676e012936488234d9255e65e86dfab9bec6b1729298.incomplete');
  writeFileSync(file, Buffer.alloc(bytes));
  const then = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(file, then, then);
  if (sidecar) {
    writeFileSync(`${file}.json`, JSON.stringify(sidecar));
    utimesSync(`${file}.json`, then, then);
  }
  return cache;
}

describe('« Téléchargement bloqué à 0 % »', () => {
  it('ok: no partial download sits at 0 bytes', async () => {
    const r = await check(downloadStuckCheck, diagnosticsContext({}, { modelCacheDir: cacheWithPartial(4096, 600) }));
    expect(r).toMatchObject({ status: 'ok' });
    expect(r.cause).toBeUndefined();
  });

  it('fail: a partial blob at 0 bytes for minutes and no token: the guide\'s cause and action', async () => {
    const r = await check(downloadStuckCheck, diagnosticsContext({}, { modelCacheDir: cacheWithPartial(0, 300) }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/1 download\(s\) stuck at 0 % \(models--pyannote--segmentation-3\.0\/blobs\/.*\.incomplete\) and the token is not set/);
    expect(r.cause).toBe('Hugging Face token missing or wrong.');
    expect(r.fix).toMatch(/HUGGINGFACE_TOKEN.*Keys page/);
  });

  it('a sparse file of parallel parts counts by its sidecar; a fresh partial is not stuck yet', () => {
    const sparse = cacheWithPartial(1 << 20, 300, { size: 1 << 20, etag: null, parts: [{ start: 0, end: 1 << 19, done: 0 }, { start: 1 << 19, end: 1 << 20, done: 1 << 19 }] });
    expect(findStalledPartials(sparse, 60)).toHaveLength(1);
    expect(findStalledPartials(cacheWithPartial(0, 5), 60)).toEqual([]);
  });

  it('warn: stuck with a valid token (access to the gated repo, or the hub unreachable), from the downloader\'s jobs', async () => {
    const r = await check(downloadStuckCheck, diagnosticsContext({ sources: {
      downloads: () => [{ model: 'pyannote', state: 'running', receivedBytes: 0, runningSeconds: 120 }, { model: 'canary', state: 'running', receivedBytes: 10, runningSeconds: 120 }],
      hfToken: async () => ({ configured: true, valid: true, user: 'ops' }),
    } }));
    expect(r).toMatchObject({ status: 'warn', message: expect.stringMatching(/1 download\(s\) stuck at 0 % \(pyannote\); the token is set and valid/) });
  });

  it('fail: a download refused for its token', async () => {
    const r = await check(downloadStuckCheck, diagnosticsContext({ sources: {
      downloads: () => [{ model: 'pyannote', state: 'failed', receivedBytes: 0, errorCode: 'gated_repo' }],
      hfToken: async () => ({ configured: true, valid: false }),
    } }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/token is refused by the hub/) });
  });
});

describe('« CUDA requis »', () => {
  it('ok: GPUs visible', async () => {
    expect(await check(cudaRequiredCheck, diagnosticsContext({ gpus: snapshotOf([gpu(0)]) }))).toMatchObject({ status: 'ok', message: '1 GPU(s) visible.' });
  });

  it('warn: no GPU visible, with the guide\'s cause and action', async () => {
    const r = await check(cudaRequiredCheck, diagnosticsContext());
    expect(r).toMatchObject({ status: 'warn', cause: 'GPU not visible in the container.' });
    expect(r.fix).toMatch(/nvidia-smi.*--gpus all.*CUDA_VISIBLE_DEVICES/);
  });

  it('warn: CUDA_VISIBLE_DEVICES hides the GPUs', async () => {
    const r = await check(cudaRequiredCheck, diagnosticsContext({ gpus: snapshotOf([gpu(0)]), env: { CUDA_VISIBLE_DEVICES: '-1' } }));
    expect(r).toMatchObject({ status: 'warn', message: expect.stringMatching(/CUDA_VISIBLE_DEVICES="-1" hides every GPU/) });
  });

  it('fail: a load failed with gpu_required and no GPU is visible', async () => {
    const events = new EventLog({ dir: null });
    events.append({ time: new Date().toISOString(), level: 'error', kind: 'model.load_failed', model: 'qwen', message: 'Model qwen needs a GPU.', data: { code: 'gpu_required' } });
    const r = await check(cudaRequiredCheck, diagnosticsContext({ events }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/1 model load\(s\) failed with « CUDA requis » in the last 24 h \(qwen\)/) });
  });
});

describe('« Pyannote ne trouve pas ses checkpoints »', () => {
  it('says honestly when the catalog is not wired', async () => {
    expect(await check(pyannoteCheckpointsCheck, diagnosticsContext())).toMatchObject({ status: 'warn', message: expect.stringMatching(/^Not available yet/) });
  });

  it('ok when complete, fail when partial with the missing files, the guide\'s cause and action', async () => {
    expect(await check(pyannoteCheckpointsCheck, diagnosticsContext({ sources: { modelCache: () => ({ state: 'complete' }) } }))).toMatchObject({ status: 'ok' });
    const r = await check(pyannoteCheckpointsCheck, diagnosticsContext({ sources: { modelCache: () => ({ state: 'partial', missingFiles: ['embedding/model.onnx'] }) } }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/incomplete: missing embedding\/model\.onnx\. \d+\.\d GiB free/) });
    expect(r.fix).toMatch(/POST \/api\/admin\/models\/pyannote\/download/);
  });
});

describe('« API /v1 renvoie 401/403 »', () => {
  it('ok with no refusal, warn with the refusals of the last hour', async () => {
    const events = new EventLog({ dir: null });
    expect(await check(apiAuthCheck, diagnosticsContext({ events }))).toMatchObject({ status: 'ok' });
    const time = new Date().toISOString();
    events.append({ time, level: 'warn', kind: 'auth.failed', message: 'API request from 10.0.0.7 refused: invalid credentials.', data: { scope: 'v1', source: '10.0.0.7', reason: 'invalid' } });
    events.append({ time, level: 'warn', kind: 'auth.failed', message: 'Admin request refused.', data: { scope: 'admin', source: '10.0.0.8', reason: 'missing' } });
    const r = await check(apiAuthCheck, diagnosticsContext({ events }));
    expect(r).toMatchObject({ status: 'warn', cause: 'API key missing or invalid.', message: '1 /v1 refusal(s) recorded in the last hour (invalid) from 10.0.0.7.' });
    expect(r.fix).toMatch(/Authorization: Bearer/);
  });
});

describe('« Tableau de bord vide »', () => {
  const html = '<!doctype html><script type="module" crossorigin src="/assets/index-Bx1.js"></script><link rel="stylesheet" href="./assets/index-C2.css"><link rel="icon" href="https://cdn.example/x.css">';

  it('finds the build\'s local scripts and stylesheets', () => {
    expect(referencedAssets(html)).toEqual(['assets/index-Bx1.js', 'assets/index-C2.css']);
  });

  it('ok with the whole build; fail when index.html or an asset is missing', async () => {
    const dist = tempDir();
    expect(await check(dashboardEmptyCheck, diagnosticsContext({}, { frontendDist: dist }))).toMatchObject({ status: 'fail', cause: 'Frontend not served, or FRONTEND_DIST wrong.' });
    writeFileSync(join(dist, 'index.html'), html);
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'index-Bx1.js'), '');
    const partial = await check(dashboardEmptyCheck, diagnosticsContext({}, { frontendDist: dist }));
    expect(partial).toMatchObject({ status: 'fail', message: expect.stringMatching(/references 1 file\(s\) missing .*assets\/index-C2\.css/) });
    expect(partial.fix).toMatch(/npm run build/);
    writeFileSync(join(dist, 'assets', 'index-C2.css'), '');
    expect(await check(dashboardEmptyCheck, diagnosticsContext({}, { frontendDist: dist }))).toMatchObject({ status: 'ok' });
  });
});
