import { createHash } from 'node:crypto';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { hashThreads, WorkerHasher } from '../../../gateway/hub/hash-worker';
import { tempDir } from '../../helpers/temp-dir';

describe('WorkerHasher', () => {
  it('hashes what the download wrote, as sha256 and as a git blob sha1', async () => {
    const file = join(tempDir(), 'blob.incomplete');
    const bytes = Buffer.alloc(3 << 20, 7);
    writeFileSync(file, bytes);
    const parts = [{ start: 0, end: bytes.length, done: bytes.length }];
    const sha = new WorkerHasher(file, 'sha256', bytes.length, () => parts);
    const git = new WorkerHasher(file, 'git-sha1', bytes.length, () => parts);
    try {
      expect(await sha.digest()).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(await git.digest()).toBe(createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'));
    } finally {
      sha.close();
      git.close();
    }
  });

  it('a read that fails (the file truncated when the transfer starts over) is forgotten at the reset: the digest still comes', async () => {
    const file = join(tempDir(), 'blob.incomplete');
    const bytes = Buffer.alloc(1 << 20, 3);
    writeFileSync(file, bytes);
    const parts = [{ start: 0, end: bytes.length, done: bytes.length }];
    const hasher = new WorkerHasher(file, 'sha256', bytes.length, () => parts);
    try {
      // What a resume that falls back to one stream does: the hasher was kicked up to the old
      // bytes, then the file is emptied and written again from byte 0.
      truncateSync(file, 0);
      hasher.kick();
      await expect(hasher.digest()).rejects.toThrow(/hashing failed/);
      hasher.reset();
      writeFileSync(file, bytes);
      expect(await hasher.digest()).toBe(createHash('sha256').update(bytes).digest('hex'));
    } finally {
      hasher.close();
    }
  }, 10_000);

  it('a digest of a file that cannot be read rejects instead of waiting forever', async () => {
    const file = join(tempDir(), 'missing.incomplete');
    const hasher = new WorkerHasher(file, 'sha256', 10, () => [{ start: 0, end: 10, done: 10 }]);
    try {
      await expect(hasher.digest()).rejects.toThrow(/hashing failed/);
      // Asked again (a checksum retry): an answer again, never silence.
      await expect(hasher.digest()).rejects.toThrow(/hashing failed/);
    } finally {
      hasher.close();
    }
  }, 10_000);

  it('files downloading at once are hashed on threads of their own (up to one per core), which end with their files', async () => {
    const dir = tempDir();
    const files = [0, 1].map((i) => {
      const file = join(dir, `blob-${i}.incomplete`);
      writeFileSync(file, Buffer.alloc(2 << 20, i + 1));
      return file;
    });
    const hashers = files.map((f) => new WorkerHasher(f, 'sha256', 2 << 20, () => [{ start: 0, end: 2 << 20, done: 2 << 20 }]));
    try {
      expect(hashThreads().running).toBe(Math.min(2, availableParallelism()));
      const digests = await Promise.all(hashers.map((h) => h.digest()));
      expect(digests).toEqual([1, 2].map((b) => createHash('sha256').update(Buffer.alloc(2 << 20, b)).digest('hex')));
    } finally {
      for (const h of hashers) h.close();
    }
    expect(hashThreads().running).toBe(0);
  }, 10_000);
});
