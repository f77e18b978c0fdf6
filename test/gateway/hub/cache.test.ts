import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubCache } from '../../../gateway/hub/cache';
import { tempDir } from '../../helpers/temp-dir';

const COMMIT = 'a'.repeat(40);
const BLOB = 'b'.repeat(64);

describe('huggingface_hub cache layout', () => {
  it('refs hold the commit with no newline; a commit revision writes no ref', () => {
    const cache = new HubCache(tempDir());
    cache.writeRef('org/name', 'main', COMMIT);
    cache.writeRef('org/name', COMMIT, COMMIT);
    expect(readFileSync(join(cache.root, 'models--org--name', 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(existsSync(join(cache.root, 'models--org--name', 'refs', COMMIT))).toBe(false);
    expect(cache.resolveCommit('org/name', 'main')).toBe(COMMIT);
  });

  it('a revision with ".." (from a config.yaml the hub served) neither writes nor reads a ref outside the repo folder', () => {
    const root = tempDir();
    const cache = new HubCache(join(root, 'cache'));
    const outside = join(root, 'outside');
    expect(() => cache.writeRef('org/name', '../../../outside', COMMIT)).toThrow(expect.objectContaining({ code: 'invalid_revision' }));
    expect(existsSync(outside)).toBe(false);
    writeFileSync(outside, COMMIT);
    expect(cache.resolveCommit('org/name', '../../../outside')).toBeNull();
  });

  it('reads a Python-written ref with a trailing newline, and the trees/<commit>.json format', () => {
    const cache = new HubCache(tempDir());
    const repo = join(cache.root, 'models--org--py');
    mkdirSync(join(repo, 'refs'), { recursive: true });
    writeFileSync(join(repo, 'refs', 'main'), `${COMMIT}\n`);
    mkdirSync(join(repo, 'trees'), { recursive: true });
    writeFileSync(join(repo, 'trees', `${COMMIT}.json`), JSON.stringify({ format_version: 1, files: { 'm.onnx': { size: 3, blob_id: 'c'.repeat(40), lfs_sha256: BLOB, lfs_size: 3 } } }));
    expect(cache.readTree('org/py', COMMIT)).toEqual([{ path: 'm.onnx', size: 3, blobId: BLOB, sha256: BLOB, gitOid: 'c'.repeat(40) }]);
    expect(cache.repoState('org/py', 'main')).toMatchObject({ state: 'absent', commit: COMMIT, expectedFiles: 1, presentFiles: 0 });
    mkdirSync(join(repo, 'blobs'));
    writeFileSync(join(repo, 'blobs', BLOB), 'abc');
    cache.linkSnapshot('org/py', COMMIT, 'm.onnx', BLOB);
    expect(cache.repoState('org/py', 'main')).toMatchObject({ state: 'complete', bytes: 3 });
  });

  it('a snapshot file of the wrong size (or a dangling link) is not complete', () => {
    const cache = new HubCache(tempDir());
    cache.writeRef('org/x', 'main', COMMIT);
    cache.writeTree('org/x', COMMIT, [{ path: 'a.bin', size: 10, blobId: BLOB }]);
    cache.linkSnapshot('org/x', COMMIT, 'a.bin', BLOB);
    expect(cache.repoState('org/x', 'main').state).toBe('absent');
    mkdirSync(join(cache.repoDir('org/x'), 'blobs'), { recursive: true });
    writeFileSync(cache.blobPath('org/x', BLOB), 'short');
    expect(cache.repoState('org/x', 'main').state).not.toBe('complete');
    writeFileSync(cache.blobPath('org/x', BLOB), '0123456789');
    expect(cache.repoState('org/x', 'main').state).toBe('complete');
  });

  it('purge removes the repo folder and nothing outside it, even through a symlink', () => {
    const root = tempDir();
    const outside = join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    const cache = new HubCache(join(root, 'cache'));
    mkdirSync(cache.root);
    symlinkSync(outside, cache.repoDir('org/link'));
    cache.purgeRepo('org/link');
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('keep');
    expect(existsSync(cache.repoDir('org/link'))).toBe(false);
    cache.writeRef('org/real', 'main', COMMIT);
    writeFileSync(join(cache.root, 'sibling.txt'), 's');
    cache.purgeRepo('org/real');
    expect(existsSync(cache.repoDir('org/real'))).toBe(false);
    expect(existsSync(join(cache.root, 'sibling.txt'))).toBe(true);
  });

  it('never builds a path outside the snapshot from a hostile file name', () => {
    const cache = new HubCache(tempDir());
    for (const bad of ['../x', '/etc/passwd', 'a\\b', 'a//b', 'C:/x']) {
      expect(() => cache.linkSnapshot('org/y', COMMIT, bad, BLOB)).toThrow(/unsafe file name/);
    }
  });
});
