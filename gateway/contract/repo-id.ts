/**
 * The hub's repo id and revision rules (huggingface_hub `validate_repo_id`, git ref rules), as
 * plain functions so the gateway and the console's add-model dialog refuse the same ids with the
 * same words. Each returns the broken rule, or null when the value is valid.
 */
export function repoIdProblem(repo: string): string | null {
  const parts = repo.split('/');
  if (parts.length !== 2) return 'it must be "org/name", with exactly one "/"';
  for (const part of parts) {
    if (part.length === 0 || part.length > 96) return 'the org and the name must each have 1 to 96 characters';
    if (!/^[\w.-]+$/.test(part)) return 'only letters, digits, "-", "_" and "." are allowed';
    if (part.includes('--') || part.includes('..')) return '"--" and ".." are not allowed';
    if (/^[-.]|[-.]$/.test(part)) return 'a part may not start or end with "-" or "."';
  }
  if (repo.endsWith('.git')) return 'the name may not end with ".git"';
  return null;
}

/** A branch, tag or 40-hex commit: no `..` or `//`, no leading `-`, `.` or `/`, no `.lock` end. */
export function revisionProblem(revision: string): string | null {
  if (revision.length === 0 || revision.length > 255) return 'it must have 1 to 255 characters';
  if (!/^[\w./-]+$/.test(revision)) return 'only letters, digits, "-", "_", "." and "/" are allowed';
  if (revision.includes('..') || revision.includes('//')) return '".." and "//" are not allowed';
  if (/^[-./]|[./]$/.test(revision) || revision.endsWith('.lock')) return 'it may not start with "-", "." or "/", nor end with ".", "/" or ".lock"';
  if (revision.split('/').some((p) => p.startsWith('.'))) return 'no part may start with "."';
  return null;
}
