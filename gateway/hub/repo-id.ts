import { GatewayError } from '../errors';
import { repoIdProblem, revisionProblem } from '../contract/repo-id';

/**
 * The hub's own rules (huggingface_hub `validate_repo_id`), shared with the console's add-model
 * dialog through gateway/contract/repo-id.ts. Anything else never reaches a URL or a cache path.
 */
export function validateRepoId(repo: string, param = 'repo'): void {
  const rule = repoIdProblem(repo);
  if (rule === null) return;
  throw new GatewayError('invalid_repo_id', `The repo id "${printable(repo)}" is not valid: ${rule}.`, {
    param, hint: 'Copy the id from the model page on huggingface.co, for example "Qwen/Qwen2.5-7B-Instruct".',
  });
}

/** A branch, tag or 40-hex commit: git ref rules, no `..`, no control characters, no leading `-`. */
export function validateRevision(revision: string, param = 'revision'): void {
  const rule = revisionProblem(revision);
  if (rule === null) return;
  throw new GatewayError('invalid_revision', `The revision "${printable(revision)}" is not valid: ${rule}.`, {
    param, hint: 'Use a branch ("main"), a tag ("v1.0") or a 40-hex commit id.',
  });
}

export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** Echo user input in an error without control characters or megabytes of it. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = s.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}
