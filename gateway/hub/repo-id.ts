import { GatewayError } from '../errors';

/**
 * The hub's own rules (huggingface_hub `validate_repo_id`): `org/name`, each part 1–96 characters
 * of letters, digits, `-`, `_`, `.`; no `--` or `..`; no leading or trailing `-` or `.`; no `.git`
 * suffix. Anything else never reaches a URL or a cache path.
 */
export function validateRepoId(repo: string, param = 'repo'): void {
  const fail = (rule: string): never => {
    throw new GatewayError('invalid_repo_id', `The repo id "${printable(repo)}" is not valid: ${rule}.`, {
      param, hint: 'Copy the id from the model page on huggingface.co, for example "Qwen/Qwen2.5-7B-Instruct".',
    });
  };
  const parts = repo.split('/');
  if (parts.length !== 2) fail('it must be "org/name", with exactly one "/"');
  for (const part of parts) {
    if (part.length === 0 || part.length > 96) fail('the org and the name must each have 1 to 96 characters');
    if (!/^[\w.-]+$/.test(part)) fail('only letters, digits, "-", "_" and "." are allowed');
    if (part.includes('--') || part.includes('..')) fail('"--" and ".." are not allowed');
    if (/^[-.]|[-.]$/.test(part)) fail('a part may not start or end with "-" or "."');
  }
  if (repo.endsWith('.git')) fail('the name may not end with ".git"');
}

/** A branch, tag or 40-hex commit: git ref rules, no `..`, no control characters, no leading `-`. */
export function validateRevision(revision: string, param = 'revision'): void {
  const fail = (rule: string): never => {
    throw new GatewayError('invalid_revision', `The revision "${printable(revision)}" is not valid: ${rule}.`, {
      param, hint: 'Use a branch ("main"), a tag ("v1.0") or a 40-hex commit id.',
    });
  };
  if (revision.length === 0 || revision.length > 255) fail('it must have 1 to 255 characters');
  if (!/^[\w./-]+$/.test(revision)) fail('only letters, digits, "-", "_", "." and "/" are allowed');
  if (revision.includes('..') || revision.includes('//')) fail('".." and "//" are not allowed');
  if (/^[-./]|[./]$/.test(revision) || revision.endsWith('.lock')) fail('it may not start with "-", "." or "/", nor end with ".", "/" or ".lock"');
  if (revision.split('/').some((p) => p.startsWith('.'))) fail('no part may start with "."');
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
