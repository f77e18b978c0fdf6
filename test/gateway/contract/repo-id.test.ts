import { describe, expect, it } from 'vitest';
import { repoIdProblem, revisionProblem } from '../../../gateway/contract/repo-id';
import { validateRepoId, validateRevision } from '../../../gateway/hub/repo-id';

const verdict = (validate: () => void): string | null => {
  try {
    validate();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('repo id and revision rules shared by the gateway and the console', () => {
  it.each([
    'Qwen/Qwen2.5-0.5B-Instruct', 'nvidia/canary-1b-flash', 'just-a-name', 'a/b/c', 'org/na--me', 'org/name.git', 'org/-name',
    'org/name.', '/name', 'org/', `org/${'x'.repeat(97)}`, 'org/na me', 'org/naïve', 'org/..',
  ])('%s: the console refuses exactly what the gateway refuses, with its words', (repo) => {
    const problem = repoIdProblem(repo);
    const gateway = verdict(() => validateRepoId(repo));
    expect(problem === null).toBe(gateway === null);
    if (problem) expect(gateway).toContain(problem);
  });

  it.each(['main', 'v1.0', 'refs/pr/1', 'a'.repeat(40), '', '../etc', '-rf', 'a//b', 'branch.lock', 'x/.hidden', 'with space', 'end/'])('revision %j', (revision) => {
    const problem = revisionProblem(revision);
    const gateway = verdict(() => validateRevision(revision));
    expect(problem === null).toBe(gateway === null);
    if (problem) expect(gateway).toContain(problem);
  });
});
