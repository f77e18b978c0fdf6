import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { downloaderHarness } from './downloader-harness';
import { generatedBytes } from '../../fixtures/hub/hub-repo';
import { hashThreads } from '../../../gateway/hub/hash-worker';

// A big file is many ranges taken in file order by a few connections (not one range per
// connection): the hash, which reads the contiguous prefix, then keeps up with the download.
const BIG = generatedBytes(8_000_000, 5);
const SMALL = generatedBytes(300_000, 6);

describe('downloader, ranges in file order', async () => {
  const h = await downloaderHarness(
    { repos: [{ id: 'a/ordered', files: [{ path: 'config.json', content: '{}' }, { path: 'encoder.onnx.data', content: BIG }, { path: 'decoder.onnx.data', content: BIG.subarray(0, 6_000_000) }, { path: 'encoder.onnx', content: SMALL }] }] },
    { partBytes: 1 << 20, maxParts: 2 },
  );

  it('cuts an 8 MB file into 7 ranges of 1 MiB or more, asked in order, at most 2 at once; every file verified, the big ones on threads of their own', async () => {
    const state = await h.download({ key: 'ordered', repos: [{ repo: 'a/ordered', revision: 'main' }] });
    expect(state.state).toBe('done');
    const snapshot = h.cache.snapshotDir('a/ordered', h.hub.repos.get('a/ordered')!.commit);
    expect(readFileSync(join(snapshot, 'encoder.onnx.data')).equals(BIG)).toBe(true);
    expect(readFileSync(join(snapshot, 'encoder.onnx')).equals(SMALL)).toBe(true);
    const starts = h.hub.requests.filter((r) => r.path === '/cdn/a/ordered/encoder.onnx.data').map((r) => Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1]));
    expect(starts).toHaveLength(7);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);
    // The two .onnx.data files download at the same time: each was hashed on a thread of its own.
    expect(hashThreads().peak).toBeGreaterThanOrEqual(Math.min(2, availableParallelism()));
  });
});
