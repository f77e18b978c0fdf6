import { describe, expect, it } from 'vitest';
import { validateRepoId, validateRevision } from '../../../gateway/hub/repo-id';
import type { GatewayError } from '../../../gateway/errors';

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as GatewayError).code;
  }
};

describe('repo ids and revisions follow the hub rules', () => {
  it('accepts real repo ids', () => {
    for (const id of ['Qwen/Qwen2.5-7B-Instruct', 'istupakov/canary-1b-v2-onnx', 'pyannote/speaker-diarization-3.1', 'a/b', 'org_1/name.v2']) expect(codeOf(() => validateRepoId(id))).toBeNull();
  });
  it('refuses the rest with invalid_repo_id', () => {
    for (const id of ['', 'name', 'a/b/c', '../etc', 'org/..', 'org/a..b', 'org/a--b', '.org/name', 'org/-name', 'org/name-', 'org/name.git', `org/${'n'.repeat(97)}`, 'org/na me', 'org/naïve', 'org\\name', 'org/name\0']) {
      expect(codeOf(() => validateRepoId(id)), id).toBe('invalid_repo_id');
    }
  });
  it('accepts branches, tags, commits and refs/pr/N', () => {
    for (const rev of ['main', 'v1.0', 'release/2026-01', 'a'.repeat(40), 'refs/pr/1']) expect(codeOf(() => validateRevision(rev))).toBeNull();
  });
  it('refuses revisions that could escape refs/ or break a URL', () => {
    for (const rev of ['', '../main', 'a/../b', '/main', 'main/', '.hidden', 'a/.b', '-x', 'x.lock', 'a//b', 'ma in', 'main\n', 'x'.repeat(256)]) {
      expect(codeOf(() => validateRevision(rev)), JSON.stringify(rev)).toBe('invalid_revision');
    }
  });
});
