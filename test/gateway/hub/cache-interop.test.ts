import { describe, expect, it, vi } from 'vitest';
import { scanCacheDir, snapshotDownload } from '@huggingface/hub';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { downloaderHarness } from './downloader-harness';
import { generatedBytes } from '../../fixtures/hub/hub-repo';

const files = [{ path: 'config.json', content: '{"a":1}' }, { path: 'onnx/model.onnx', content: generatedBytes(200_000, 23) }];
// @huggingface/hub's scanner does not descend into snapshot subfolders (Python's does): top level here.
const flat = [{ path: 'config.json', content: '{"a":1}' }, { path: 'model.onnx', content: generatedBytes(200_000, 23) }];

describe('the cache is the one huggingface_hub tools read and write', async () => {
  const h = await downloaderHarness({ repos: [{ id: 'interop/ours', files: flat }, { id: 'interop/theirs', files }] });

  it('@huggingface/hub scans what we wrote: the repo, its main ref, each file pointing at its blob', async () => {
    expect((await h.download({ key: 'ours', repos: [{ repo: 'interop/ours', revision: 'main' }] })).state).toBe('done');
    const { repos, warnings } = await scanCacheDir(h.cache.root);
    expect(warnings).toEqual([]);
    const repo = repos.find((r) => r.id.name === 'interop/ours')!;
    const commit = h.hub.repos.get('interop/ours')!.commit;
    expect(repo.revisions).toHaveLength(1);
    expect(repo.revisions[0]).toMatchObject({ commitOid: commit, refs: ['main'] });
    expect(repo.revisions[0]!.files).toHaveLength(2);
    const model = repo.revisions[0]!.files.find((f) => f.path.endsWith(join(commit, 'model.onnx')))!;
    expect(model.blob.size).toBe(200_000);
    expect(realpathSync(model.blob.path)).toBe(h.cache.blobPath('interop/ours', h.hub.repos.get('interop/ours')!.files[1]!.lfs!.oid));
  });

  it('a repo @huggingface/hub downloaded is completed by our downloader without fetching a byte again', async () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    await snapshotDownload({ repo: 'interop/theirs', cacheDir: h.cache.root, hubUrl: h.hub.url });
    const before = h.hub.served.get('interop/theirs/onnx/model.onnx');
    expect(before).toBeGreaterThanOrEqual(200_000);
    const state = await h.download({ key: 'theirs', repos: [{ repo: 'interop/theirs', revision: 'main' }] });
    expect(state.state).toBe('done');
    expect(h.hub.served.get('interop/theirs/onnx/model.onnx')).toBe(before);
    expect(h.cache.repoState('interop/theirs', 'main').state).toBe('complete');
  });
});
