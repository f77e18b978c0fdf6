import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloaderHarness } from './downloader-harness';
import { generatedBytes } from '../../fixtures/hub/hub-repo';

const BIG = generatedBytes(2_000_000, 9);

/** Waits on real I/O while fake time creeps forward (10 ms a step), at most a few seconds of wall time. */
async function until(check: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(10);
  }
}

describe('stall detection', async () => {
  const h = await downloaderHarness({ repos: [{ id: 'a/stall', files: [{ path: 'model.onnx', content: BIG }] }] });
  afterEach(() => vi.useRealTimers());

  it('a transfer with no byte for 30 s is retried from where it stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    h.hub.faults.stallAfterBytes = { bytes: 500_000, path: 'model.onnx' };
    const stalled = h.hub.stalled();
    h.downloader.start({ key: 'stall', repos: [{ repo: 'a/stall', revision: 'main' }] });
    await stalled;
    const gets = () => h.hub.requests.filter((r) => r.path === '/cdn/a/stall/model.onnx');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(gets()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    // The retry waits out a (short, in this harness) backoff, then resumes.
    await until(() => !h.downloader.isRunning('stall'));
    expect(h.downloader.state('stall').state).toBe('done');
    expect(gets().map((r) => r.range)).toEqual([undefined, `bytes=500000-${BIG.length - 1}`]);
    const file = join(h.cache.snapshotDir('a/stall', h.hub.repos.get('a/stall')!.commit), 'model.onnx');
    expect(readFileSync(file).equals(BIG)).toBe(true);
  });
});
