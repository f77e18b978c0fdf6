import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { downloaderHarness } from './downloader-harness';
import { generatedBytes } from '../../fixtures/hub/hub-repo';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer): string => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

const WEIGHTS = generatedBytes(3_000_000, 7);
const CONFIG = '{"model_type":"test"}';

describe('downloader against the local hub', async () => {
  const h = await downloaderHarness({
    pageSize: 2,
    repos: [{ id: 'acme/tiny', files: [{ path: 'config.json', content: CONFIG }, { path: 'onnx/model.onnx', content: WEIGHTS }, { path: 'README.md', content: '# tiny' }] }],
  });
  const repo = h.hub.repos.get('acme/tiny')!;
  const repoDir = () => h.cache.repoDir('acme/tiny');

  it('lands an LFS file and a small one in exactly the huggingface_hub layout', async () => {
    const state = await h.download({ key: 'tiny', repos: [{ repo: 'acme/tiny', revision: 'main', files: ['*.json', '*.onnx'] }] });
    expect(state.state).toBe('done');
    expect(readFileSync(join(repoDir(), 'refs', 'main'), 'utf8')).toBe(repo.commit);
    const blobs = readdirSync(join(repoDir(), 'blobs')).sort();
    expect(blobs).toEqual([gitSha1(Buffer.from(CONFIG)), sha256(WEIGHTS)].sort());
    const snap = join(repoDir(), 'snapshots', repo.commit);
    expect(readlinkSync(join(snap, 'config.json'))).toBe(`../../blobs/${gitSha1(Buffer.from(CONFIG))}`);
    expect(readlinkSync(join(snap, 'onnx', 'model.onnx'))).toBe(`../../../blobs/${sha256(WEIGHTS)}`);
    expect(lstatSync(join(snap, 'onnx', 'model.onnx')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(snap, 'onnx', 'model.onnx')).equals(WEIGHTS)).toBe(true);
    expect(existsSync(join(snap, 'README.md'))).toBe(false);
    expect(h.cache.repoState('acme/tiny', 'main', ['*.json', '*.onnx'])).toMatchObject({ state: 'complete', bytes: WEIGHTS.length + CONFIG.length });
    // The README was not asked for: with every file expected, the cache is only partial.
    expect(h.cache.repoState('acme/tiny', 'main').state).toBe('partial');
    // Events: started then completed; progress messages carried the totals.
    const kinds = h.messages.flatMap((m) => (m.type === 'runtime' ? [m.event.kind] : []));
    expect(kinds).toEqual(['download.started', 'download.completed']);
    // The last progress message follows within the 250 ms throttle.
    await vi.waitFor(() => expect(h.messages.filter((m) => m.type === 'download.progressed').at(-1)).toMatchObject({ download: { state: 'done', receivedBytes: WEIGHTS.length + CONFIG.length, totalBytes: WEIGHTS.length + CONFIG.length } }));
  });

  it('a second download of a complete model transfers nothing', async () => {
    const before = h.hub.served.get('acme/tiny/onnx/model.onnx');
    const state = await h.download({ key: 'tiny', repos: [{ repo: 'acme/tiny', revision: 'main', files: ['*.json', '*.onnx'] }] });
    expect(state.state).toBe('done');
    expect(h.hub.served.get('acme/tiny/onnx/model.onnx')).toBe(before);
  });

  it('a file listed without a usable content id fails with a message naming it, not "unexpectedly"', async () => {
    const readme = repo.files.find((f) => f.path === 'README.md')!;
    const oid = readme.oid;
    readme.oid = 'not-a-git-oid';
    try {
      const state = await h.download({ key: 'readme', repos: [{ repo: 'acme/tiny', revision: 'main', files: ['README.md'] }] });
      expect(state).toMatchObject({ state: 'failed', error: { code: 'download_failed' } });
      expect(state.error?.message).toContain('README.md of acme/tiny without a usable content id');
      expect(state.error?.hint).toContain('HF_ENDPOINT');
    } finally {
      readme.oid = oid;
    }
  });
});

describe('download queue', async () => {
  const files = [{ path: 'model.onnx', content: generatedBytes(1_500_000, 17) }];
  const h = await downloaderHarness({ repos: [{ id: 'q/one', files }, { id: 'q/two', files }, { id: 'q/three', files }] }, { maxConcurrentJobs: 1 });

  it('downloads one model at a time here; the others wait queued, a queued one can be cancelled', async () => {
    h.hub.faults.throttleBytesPerSecond = 3_000_000;
    try {
      expect(h.downloader.start({ key: 'one', repos: [{ repo: 'q/one', revision: 'main' }] }).state).toBe('running');
      expect(h.downloader.start({ key: 'two', repos: [{ repo: 'q/two', revision: 'main' }] }).state).toBe('queued');
      expect(h.downloader.start({ key: 'three', repos: [{ repo: 'q/three', revision: 'main' }] }).state).toBe('queued');
      await h.downloader.cancel({ key: 'three', repos: [{ repo: 'q/three', revision: 'main' }] }, false);
      expect(h.downloader.state('three').state).toBe('idle');
      expect((await h.waitIdle('one')).state).toBe('done');
      expect((await h.waitIdle('two')).state).toBe('done');
      expect(h.hub.served.get('q/three/model.onnx')).toBeUndefined();
      const started = h.messages.flatMap((m) => (m.type === 'runtime' && m.event.kind === 'download.started' ? [m.event.model] : []));
      expect(started).toEqual(['one', 'two']);
    } finally {
      delete h.hub.faults.throttleBytesPerSecond;
    }
  });
});
