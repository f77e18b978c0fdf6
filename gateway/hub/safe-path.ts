import { GatewayError } from '../errors';

/**
 * A file name from the hub's tree becomes a path under snapshots/<commit>/: refuse anything that
 * could land elsewhere (huggingface_hub PR #4540): `..` segments, absolute, drive or UNC paths,
 * backslashes, empty segments, control characters.
 */
export function checkRepoFilePath(repo: string, path: string): void {
  const segments = path.split('/');
  const bad =
    path.length === 0 || path.length > 1024 ||
    path.startsWith('/') || path.includes('\\') || /^[a-zA-Z]:/.test(path) ||
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    /[\x00-\x1f\x7f]/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) {
    throw new GatewayError('unsafe_path', `The hub listed an unsafe file name in ${repo}: ${JSON.stringify(path.slice(0, 200))}. Nothing was written.`, {
      hint: 'The repo (or the HF_ENDPOINT mirror) serves a path that would escape the cache; report it to its owner, or restrict the model\'s file patterns to exclude it.',
    });
  }
}
