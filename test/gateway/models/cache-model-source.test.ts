import { describe, expect, it } from 'vitest';
import { HubCache } from '../../../gateway/hub/cache';
import { CacheModelSource } from '../../../gateway/models/cache-model-source';
import type { CatalogEntry } from '../../../gateway/models/presets';
import { tempDir } from '../../helpers/temp-dir';

const COMMIT = 'c'.repeat(40);

describe('the model manager\'s view of the catalog and the cache', () => {
  it('estimates VRAM from the exact download size once the hub\'s file list is known, as the model list does', () => {
    const cache = new HubCache(tempDir());
    const mine: CatalogEntry = { key: 'mine', displayName: 'mine', task: 'vad', engine: 'silero-vad', preset: false, gated: false, expectedBytes: null, repos: [{ repo: 'org/vad', revision: 'main', files: ['*.onnx'] }] };
    const source = new CacheModelSource(() => [mine], cache);
    expect(source.entry('mine')?.vramBytes).toBeNull();
    cache.writeRef('org/vad', 'main', COMMIT);
    cache.writeTree('org/vad', COMMIT, [{ path: 'model.onnx', size: 1_000_000, blobId: 'a'.repeat(64), sha256: 'a'.repeat(64) }, { path: 'README.md', size: 500, blobId: 'b'.repeat(40) }]);
    expect(source.entry('mine')?.vramBytes).toBe(1_200_000);
  });
});
