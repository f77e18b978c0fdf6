import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../../gateway/events/event-log';
import { EventBus } from '../../../gateway/events/event-bus';
import { createLogger } from '../../../gateway/logging/logger';
import { loadConfig } from '../../../gateway/config';
import { ModelHub, type RuntimeSource } from '../../../gateway/models/model-hub';
import type { GatewayError } from '../../../gateway/errors';
import { startTestHub } from '../../fixtures/hub/hub-server';
import { presetRepos } from '../../fixtures/hub/preset-repos';
import { tempDir } from '../../helpers/temp-dir';

const TOKEN = 'hf_testAccessToPyannote0001';

describe('model hub', async () => {
  const hub = await startTestHub({ repos: presetRepos(), tokens: { [TOKEN]: { user: 'carol', access: ['pyannote/speaker-diarization-3.1'] } } });
  afterAll(() => hub.close());
  const loaded = new Set<string>();
  /** Models caught between states (loading, unloading). */
  const moving = new Map<string, 'loading' | 'unloading'>();
  // The model lifecycle's side, as the hub sees it.
  const runtime: RuntimeSource = {
    runtimeOf: (key) => (loaded.has(key) ? { state: 'loaded', gpuDeviceIds: [0], device: 'cuda' }
      : { state: moving.get(key) ?? 'unloaded', gpuDeviceIds: moving.has(key) ? [0] : [], device: null }),
    isLoaded: (key) => loaded.has(key),
  };
  const make = (env: Record<string, string> = {}) => new ModelHub({
    config: loadConfig({ MODEL_CACHE_DIR: tempDir(), HF_ENDPOINT: hub.url, ...env }),
    events: new EventBus(new EventLog({ dir: null })), logger: createLogger('silent'), runtime: () => runtime,
    download: { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
  });

  it('preflight access: gated without token, ok with a token that accepted the conditions', async () => {
    const noToken = await make().checkAccess('pyannote');
    expect(noToken).toMatchObject({ state: 'gated', gated: true, repo: 'pyannote/speaker-diarization-3.1', modelPage: `${hub.url}/pyannote/speaker-diarization-3.1` });
    expect(noToken.message).toMatch(/accept its conditions/);
    expect(await make({ HUGGINGFACE_TOKEN: TOKEN }).checkAccess('pyannote')).toMatchObject({ state: 'ok', gated: true });
    expect(await make({ HUGGINGFACE_TOKEN: 'hf_testUnknownToken' }).checkAccess('silero-vad')).toMatchObject({ state: 'token_invalid' });
    expect(await make().checkAccess('silero-vad')).toMatchObject({ state: 'ok', gated: false });
  });

  it('preflight says unreachable when the hub is down', async () => {
    const down = new ModelHub({
      config: loadConfig({ MODEL_CACHE_DIR: tempDir(), HF_ENDPOINT: 'http://127.0.0.1:9' }),
      events: new EventBus(new EventLog({ dir: null })), logger: createLogger('silent'), download: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    });
    expect(await down.checkAccess('canary')).toMatchObject({ state: 'unreachable' });
  });

  it('refuses to purge or remove a loaded model (409 model_loaded), carries its runtime state', async () => {
    const h = make();
    h.add({ key: 'mine', repo: 'onnx-community/silero-vad', engine: 'silero-vad', task: 'vad' });
    loaded.add('canary').add('mine');
    try {
      await expect(h.purgeCache('canary')).rejects.toMatchObject({ code: 'model_loaded', status: 409 } satisfies Partial<GatewayError>);
      await expect(h.remove('mine')).rejects.toMatchObject({ code: 'model_loaded' });
      expect(h.entry('canary').runtime).toMatchObject({ state: 'loaded', gpuDeviceIds: [0] });
      expect(h.openAIModels().map((m) => m.id)).toContain('canary');
    } finally {
      loaded.clear();
    }
    await h.remove('mine');
  });

  it('refuses to purge a model being loaded or unloaded, or whose repo a running model shares', async () => {
    const h = make();
    h.add({ key: 'my-vad', repo: 'onnx-community/silero-vad', engine: 'silero-vad', task: 'vad' });
    try {
      moving.set('canary', 'loading');
      await expect(h.purgeCache('canary')).rejects.toMatchObject({ code: 'model_loaded', status: 409 });
      moving.set('canary', 'unloading');
      await expect(h.purgeCache('canary')).rejects.toMatchObject({ code: 'model_loaded' });
      moving.clear();
      loaded.add('silero-vad');
      const refused = h.purgeCache('my-vad');
      await expect(refused).rejects.toMatchObject({ code: 'model_loaded', status: 409 });
      await expect(refused).rejects.toThrow(/"silero-vad" shares its files/);
    } finally {
      moving.clear();
      loaded.clear();
    }
    await expect(h.purgeCache('my-vad')).resolves.toMatchObject({ key: 'my-vad' });
    await h.remove('my-vad');
  });

  it('a purge stops another model\'s download of the same repo, so nothing is written back into the purged folder', async () => {
    const h = make();
    h.add({ key: 'vad-copy', repo: 'onnx-community/silero-vad', engine: 'silero-vad', task: 'vad' });
    hub.faults.throttleBytesPerSecond = 50_000;
    try {
      h.startDownload('silero-vad');
      await new Promise((r) => setTimeout(r, 300));
      expect(h.downloader.isRunning('silero-vad')).toBe(true);
      await h.purgeCache('vad-copy');
      expect(h.downloader.isRunning('silero-vad')).toBe(false);
      expect(h.entry('silero-vad').download.state).toBe('idle');
      await new Promise((r) => setTimeout(r, 300));
      expect(existsSync(h.cache.hub.repoDir('onnx-community/silero-vad'))).toBe(false);
    } finally {
      delete hub.faults.throttleBytesPerSecond;
    }
    await h.remove('vad-copy');
  });

  it('snapshotDir by role is the complete repo\'s snapshots/<commit>; model_not_downloaded before', async () => {
    const h = make({ HUGGINGFACE_TOKEN: TOKEN });
    const entry = h.catalog.get('pyannote');
    expect(() => h.cache.snapshotDir(entry, 'segmentation')).toThrow(/not downloaded/);
    h.startDownload('pyannote');
    while (h.downloader.isRunning('pyannote')) await new Promise((r) => setTimeout(r, 10));
    const seg = h.cache.snapshotDir(entry, 'segmentation');
    expect(seg).toBe(`${h.cache.hub.repoDir('onnx-community/pyannote-segmentation-3.0')}/snapshots/${hub.repos.get('onnx-community/pyannote-segmentation-3.0')!.commit}`);
    expect(h.cache.snapshotDir(entry, 'pipeline')).toContain('models--pyannote--speaker-diarization-3.1/snapshots/');
    expect(h.entry('pyannote')).toMatchObject({ cache: { state: 'complete' }, download: { state: 'done' } });
    // Exact sizes once the file lists are known: the estimate follows them.
    const bytes = h.entry('pyannote').expectedBytes!;
    expect(bytes).toBe(h.entry('pyannote').cache.bytes);
    expect(h.entry('pyannote').estimate.vramBytes).toBe(Math.round(bytes * 1.2));
    expect(h.entry('pyannote').download.files.map((f) => f.path)).toEqual(['pipeline/config.yaml', 'segmentation/onnx/model.onnx', 'segmentation/config.json', 'segmentation/preprocessor_config.json', 'embedding/speaker-embedding.onnx']);
  });
});
