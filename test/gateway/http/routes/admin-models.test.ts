import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelEntry, ModelList } from '../../../../gateway/contract/models';
import type { ErrorBody } from '../../../../gateway/contract/errors';
import { startTestGateway } from '../../../helpers/in-process-gateway';
import { untilSettled } from './download-settled';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos, SILERO_VAD_ONNX } from '../../../fixtures/hub/preset-repos';

describe('admin model routes', async () => {
  const hub = await startTestHub({
    repos: [
      ...presetRepos(),
      { id: 'evil/names', files: [{ path: '../escape.txt', content: 'x' }, { path: 'ok.json', content: '{}' }] },
      { id: 'evil/abs', files: [{ path: '/tmp/abs.txt', content: 'x' }] },
      { id: 'evil/backslash', files: [{ path: 'a\\..\\..\\b.txt', content: 'x' }] },
    ],
  });
  const gw = await startTestGateway({ HF_ENDPOINT: hub.url });
  const get = async (key: string) => (await (await gw.admin(`/api/admin/models/${key}`)).json()) as ModelEntry;

  it('lists the presets with their cache, download and runtime state', async () => {
    const res = await gw.admin('/api/admin/models');
    expect(res.status).toBe(200);
    const { models } = (await res.json()) as ModelList;
    expect(models.map((m) => m.key)).toEqual(['qwen', 'canary', 'parakeet', 'pyannote', 'silero-vad']);
    const pyannote = models.find((m) => m.key === 'pyannote')!;
    expect(pyannote).toMatchObject({ task: 'diarization', engine: 'pyannote', preset: true, gated: true, cache: { state: 'absent', bytes: 0 }, download: { state: 'idle' }, runtime: { state: 'unloaded' } });
    expect(pyannote.repos.map((r) => r.role)).toEqual(['pipeline', 'segmentation', 'embedding']);
  });

  it('downloads silero-vad (202) into the cache: complete, the real model in its snapshot', async () => {
    const res = await gw.admin('/api/admin/models/silero-vad/download', { method: 'POST' });
    expect(res.status).toBe(202);
    expect(((await res.json()) as ModelEntry).download.state).toBe('running');
    const entry = await untilSettled(gw, 'silero-vad');
    expect(entry.download.state).toBe('done');
    expect(entry.cache.state).toBe('complete');
    const snapshot = join(gw.cacheDir, 'models--onnx-community--silero-vad', 'snapshots', entry.cache.commit!);
    expect(readFileSync(join(snapshot, 'onnx', 'model.onnx')).equals(readFileSync(SILERO_VAD_ONNX))).toBe(true);
    expect(gw.deps.modelHub!.cache.snapshotDir(gw.deps.modelHub!.catalog.get('silero-vad'))).toBe(snapshot);
  });

  it('/v1/models lists transcription models once downloaded, never vad', async () => {
    const before = (await (await gw.admin('/v1/models')).json()) as { data: { id: string }[] };
    expect(before.data.map((m) => m.id)).not.toContain('canary');
    await gw.admin('/api/admin/models/canary/download', { method: 'POST' });
    expect((await untilSettled(gw, 'canary')).cache.state).toBe('complete');
    const after = (await (await gw.admin('/v1/models')).json()) as { data: { id: string; task: string; state: string }[] };
    expect(after.data).toContainEqual(expect.objectContaining({ id: 'canary', task: 'transcription', state: 'unloaded' }));
    expect(after.data.map((m) => m.id)).not.toContain('silero-vad');
  });

  it('adds and removes a user entry; refuses bad repo ids with the rule that failed', async () => {
    const add = (body: unknown) => gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify(body) });
    const ok = await add({ key: 'canary-small', repo: 'istupakov/canary-180m-flash-onnx', engine: 'nemo-aed', task: 'transcription', files: ['*.json', '*.txt', '*.onnx'] });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ key: 'canary-small', preset: false, repos: [{ repo: 'istupakov/canary-180m-flash-onnx', revision: 'main' }], cache: { state: 'absent' } });
    for (const [repo, rule] of [['no-slash', /org\/name/], ['a/../b', /exactly one|"\.\."/], ['org/.hidden', /start or end/], ['org/-dash', /start or end/], [`org/${'x'.repeat(97)}`, /96/], ['org/na me', /letters, digits/]] as const) {
      const res = await add({ key: 'bad', repo, engine: 'nemo-aed', task: 'transcription' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('invalid_repo_id');
      expect(body.error.message).toMatch(rule);
    }
    const badRev = (await (await add({ key: 'bad', repo: 'org/name', revision: '../main', engine: 'nemo-aed', task: 'transcription' })).json()) as ErrorBody;
    expect(badRev.error.code).toBe('invalid_revision');
    expect((await add({ key: 'canary-small', repo: 'org/name', engine: 'nemo-aed', task: 'transcription' })).status).toBe(409);
    expect(((await (await add({ key: 'qwen', repo: 'org/name', engine: 'vllm', task: 'chat' })).json()) as ErrorBody).error.code).toBe('preset_model');
    expect(((await (await gw.admin('/api/admin/models/qwen', { method: 'DELETE' })).json()) as ErrorBody).error.code).toBe('preset_model');
    expect((await gw.admin('/api/admin/models/canary-small', { method: 'DELETE' })).status).toBe(204);
    expect((await gw.admin('/api/admin/models/canary-small')).status).toBe(404);
  });

  it('refuses unsafe file names from the tree: unsafe_path, nothing written outside the cache', async () => {
    for (const repo of ['evil/names', 'evil/abs', 'evil/backslash']) {
      const key = repo.replace('/', '-');
      await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key, repo, engine: 'nemo-aed', task: 'transcription' }) });
      await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST' });
      const entry = await untilSettled(gw, key);
      expect(entry.download.state).toBe('failed');
      expect(entry.download.error?.code).toBe('unsafe_path');
    }
    expect(existsSync(join(dirname(gw.cacheDir), 'escape.txt'))).toBe(false);
    expect(existsSync(join(gw.cacheDir, 'escape.txt'))).toBe(false);
    expect(existsSync('/tmp/abs.txt')).toBe(false);
    expect(readdirSync(gw.cacheDir).filter((n) => n.includes('txt'))).toEqual([]);
  });

  it('purges a model\'s cache and nothing else', async () => {
    const res = await gw.admin('/api/admin/models/canary/cache', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ModelEntry).cache).toMatchObject({ state: 'absent', bytes: 0 });
    expect(existsSync(join(gw.cacheDir, 'models--istupakov--canary-1b-v2-onnx'))).toBe(false);
    expect((await get('silero-vad')).cache.state).toBe('complete');
  });

  it('a full disk fails the download with insufficient_storage, removes its partial files, and the gateway stays up', async () => {
    const repo = hub.repos.get('istupakov/parakeet-tdt-0.6b-v3-onnx')!;
    const encoder = repo.files.find((f) => f.path === 'encoder-model.onnx')!;
    const blobs = join(gw.cacheDir, 'models--istupakov--parakeet-tdt-0.6b-v3-onnx', 'blobs');
    mkdirSync(blobs, { recursive: true });
    // The kernel's own ENOSPC: every write to /dev/full fails.
    symlinkSync('/dev/full', join(blobs, `${encoder.lfs!.oid}.incomplete`));
    await gw.admin('/api/admin/models/parakeet/download', { method: 'POST' });
    const entry = await untilSettled(gw, 'parakeet');
    expect(entry.download.state).toBe('failed');
    expect(entry.download.error).toMatchObject({ code: 'insufficient_storage', type: 'api_error' });
    expect(entry.download.error!.hint).toMatch(/Free space/);
    expect(readdirSync(blobs).filter((n) => n.includes('.incomplete'))).toEqual([]);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
