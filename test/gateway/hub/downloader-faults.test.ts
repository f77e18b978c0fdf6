import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { downloaderHarness } from './downloader-harness';
import { generatedBytes } from '../../fixtures/hub/hub-repo';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const BIG = generatedBytes(4_000_000, 3);
const files = [{ path: 'config.json', content: '{}' }, { path: 'model.onnx', content: BIG }];
const only = (key: string, repo: string) => ({ key, repos: [{ repo, revision: 'main' }] });

describe('downloader, one stream per file', async () => {
  const h = await downloaderHarness({ repos: [{ id: 'a/cut', files }] });

  it('a connection cut at 50 % resumes with Range + If-Range and fetches under 1.1x the file', async () => {
    h.hub.faults.cutAfterBytes = { bytes: BIG.length / 2, path: 'model.onnx' };
    const state = await h.download(only('cut', 'a/cut'));
    expect(state.state).toBe('done');
    const file = join(h.cache.snapshotDir('a/cut', h.hub.repos.get('a/cut')!.commit), 'model.onnx');
    expect(readFileSync(file).equals(BIG)).toBe(true);
    expect(h.hub.served.get('a/cut/model.onnx')!).toBeLessThan(BIG.length * 1.1);
    const gets = h.hub.requests.filter((r) => r.path === '/cdn/a/cut/model.onnx');
    expect(gets.map((r) => r.range)).toEqual([undefined, `bytes=${BIG.length / 2}-${BIG.length - 1}`]);
    expect(gets[1]!.ifRange).toBe(`"${sha256(BIG)}"`);
  });
});

describe('downloader faults', async () => {
  const h = await downloaderHarness(
    { repos: ['a/cut-parts', 'a/locked', 'a/stale-lock', 'a/resume-parts', 'a/http-redirect', 'a/norange', 'a/norange-parts', 'a/flip', 'a/burst', 'a/short', 'a/twice', 'a/full', 'a/redirect'].map((id) => ({ id, files })) },
    // 1 MiB parts: the 4 MB file is fetched as 3 parallel ranges.
    { partBytes: 1 << 20, maxParts: 3, lockPollMs: 20 },
  );
  const blob = (repo: string) => join(h.cache.repoDir(repo), 'blobs', sha256(BIG));
  const snapshotFile = (repo: string) => join(h.cache.snapshotDir(repo, h.hub.repos.get(repo)!.commit), 'model.onnx');

  it('a cut in one of the parallel ranges resumes that range only', async () => {
    h.hub.faults.cutAfterBytes = { bytes: 700_000, path: 'model.onnx' };
    const state = await h.download(only('cut-parts', 'a/cut-parts'));
    expect(state.state).toBe('done');
    expect(readFileSync(snapshotFile('a/cut-parts')).equals(BIG)).toBe(true);
    expect(h.hub.served.get('a/cut-parts/model.onnx')!).toBe(BIG.length);
    const gets = h.hub.requests.filter((r) => r.path === '/cdn/a/cut-parts/model.onnx');
    // Three ranges, one of them cut and resumed from where it stopped, with If-Range.
    expect(gets).toHaveLength(4);
    expect(gets.every((r) => r.range?.startsWith('bytes='))).toBe(true);
    expect(gets.at(-1)!.ifRange).toBe(`"${sha256(BIG)}"`);
  });

  it('a server that ignores Range still gives a correct file (parallel parts fall back to one stream)', async () => {
    h.hub.faults.ignoreRange = true;
    try {
      const state = await h.download(only('norange', 'a/norange'));
      expect(state.state).toBe('done');
      expect(readFileSync(snapshotFile('a/norange')).equals(BIG)).toBe(true);
    } finally {
      delete h.hub.faults.ignoreRange;
    }
  });

  it('a server that ignores Range after a cut restarts the file from byte 0', async () => {
    h.hub.faults.ignoreRange = true;
    h.hub.faults.cutAfterBytes = { bytes: 1_000_000, path: 'model.onnx', times: 2 };
    try {
      const state = await h.download(only('norange-parts', 'a/norange-parts'));
      expect(state.state).toBe('done');
      expect(readFileSync(snapshotFile('a/norange-parts')).equals(BIG)).toBe(true);
    } finally {
      delete h.hub.faults.ignoreRange;
    }
  });

  it('a flipped byte fails with checksum_mismatch after the retries, nothing renamed into place', async () => {
    h.hub.faults.corruptByte = { path: 'model.onnx', offset: 123_456 };
    try {
      const state = await h.download(only('flip', 'a/flip'));
      expect(state.state).toBe('failed');
      expect(state.error?.code).toBe('checksum_mismatch');
      expect(existsSync(blob('a/flip'))).toBe(false);
      expect(existsSync(`${blob('a/flip')}.incomplete`)).toBe(false);
      expect(existsSync(snapshotFile('a/flip'))).toBe(false);
      expect(h.hub.served.get('a/flip/model.onnx')!).toBeGreaterThanOrEqual(BIG.length * 4);
    } finally {
      delete h.hub.faults.corruptByte;
    }
  });

  it('bursts of 500 and 429 are retried', async () => {
    h.hub.faults.errorBurst = { status: 500, times: 2, path: 'model.onnx' };
    const first = h.download(only('burst', 'a/burst'));
    const state = await first;
    expect(state.state).toBe('done');
    h.hub.faults.errorBurst = { status: 429, times: 2, retryAfterSeconds: 0, path: 'config.json' };
    const again = await h.download({ key: 'burst2', repos: [{ repo: 'a/twice', revision: 'main' }] });
    expect(again.state).toBe('done');
    expect(h.hub.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('a file served with the wrong size fails, nothing renamed into place', async () => {
    h.hub.faults.wrongSize = { path: 'model.onnx', delta: -10 };
    try {
      const state = await h.download(only('short', 'a/short'));
      expect(state.state).toBe('failed');
      expect(state.error?.code).toBe('download_failed');
      expect(state.error?.message).toMatch(/file list says 4000000/);
      expect(existsSync(blob('a/short'))).toBe(false);
    } finally {
      delete h.hub.faults.wrongSize;
    }
  });

  it('two download requests make one transfer', async () => {
    h.hub.faults.throttleBytesPerSecond = 8_000_000;
    try {
      const a = h.downloader.start(only('twice', 'a/redirect'));
      const b = h.downloader.start(only('twice', 'a/redirect'));
      expect([a.state, b.state]).toEqual(['running', 'running']);
      // A second model over the same repo shares the blob transfer too.
      h.downloader.start(only('twice-alias', 'a/redirect'));
      const [s1, s2] = await Promise.all([h.waitIdle('twice'), h.waitIdle('twice-alias')]);
      expect([s1.state, s2.state]).toEqual(['done', 'done']);
      expect(h.hub.served.get('a/redirect/model.onnx')).toBe(BIG.length);
    } finally {
      delete h.hub.faults.throttleBytesPerSecond;
    }
  });

  it('a full disk fails the job with insufficient_storage and removes its partial files', async () => {
    // The kernel's own ENOSPC: the partial file is /dev/full, where every write fails.
    const incomplete = `${blob('a/full')}.incomplete`;
    mkdirSync(dirname(incomplete), { recursive: true });
    symlinkSync('/dev/full', incomplete);
    const state = await h.download(only('full', 'a/full'));
    expect(state.state).toBe('failed');
    expect(state.error?.code).toBe('insufficient_storage');
    expect(readdirSync(dirname(incomplete)).filter((n) => n.includes('.incomplete'))).toEqual([]);
  });

  it('parallel ranges resume from the sidecar after a cancel: only the missing bytes are fetched', async () => {
    h.hub.faults.throttleBytesPerSecond = 2_000_000;
    h.downloader.start(only('resume-parts', 'a/resume-parts'));
    while ((h.hub.served.get('a/resume-parts/model.onnx') ?? 0) < 1_500_000) await new Promise((r) => setTimeout(r, 10));
    await h.downloader.cancel(only('resume-parts', 'a/resume-parts'), false);
    delete h.hub.faults.throttleBytesPerSecond;
    const sidecar = JSON.parse(readFileSync(`${blob('a/resume-parts')}.incomplete.json`, 'utf8')) as { parts: { start: number; done: number }[] };
    expect(sidecar.parts).toHaveLength(3);
    expect(sidecar.parts.every((p) => p.done > p.start)).toBe(true);
    const state = await h.download(only('resume-parts', 'a/resume-parts'));
    expect(state.state).toBe('done');
    expect(readFileSync(snapshotFile('a/resume-parts')).equals(BIG)).toBe(true);
    expect(h.hub.served.get('a/resume-parts/model.onnx')!).toBeLessThan(BIG.length * 1.1);
  });

  it('follows a redirect only to https or to the hub itself', async () => {
    // localhost is another origin than 127.0.0.1, and plain http: refused.
    h.hub.faults.redirectOrigin = h.hub.url.replace('127.0.0.1', 'localhost');
    try {
      const state = await h.download(only('http-redirect', 'a/http-redirect'));
      expect(state.state).toBe('failed');
      expect(state.error?.message).toMatch(/neither https nor the hub itself/);
      expect(h.hub.requests.some((r) => r.path === '/cdn/a/http-redirect/model.onnx')).toBe(false);
    } finally {
      delete h.hub.faults.redirectOrigin;
    }
  });

  it('waits while another process holds the blob\'s lock, then downloads; takes over a stale lock', async () => {
    const lockOf = (repo: string) => join(h.cache.root, '.locks', `models--${repo.replace('/', '--')}`, `${sha256(BIG)}.passerelle.lock`);
    const lock = lockOf('a/locked');
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, '{"pid":1,"host":"other"}');
    h.downloader.start(only('locked', 'a/locked'));
    while (!h.logs.text.includes('another process is downloading this file')) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.hub.requests.some((r) => r.path === '/cdn/a/locked/model.onnx')).toBe(false);
    expect(h.downloader.isRunning('locked')).toBe(true);
    rmSync(lock);
    expect((await h.waitIdle('locked')).state).toBe('done');
    expect(existsSync(lock)).toBe(false);

    const stale = lockOf('a/stale-lock');
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, '{"pid":1,"host":"gone"}');
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(stale, old, old);
    expect((await h.download(only('stale-lock', 'a/stale-lock'))).state).toBe('done');
  });
});
