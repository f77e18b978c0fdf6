/**
 * huggingface_hub's `allow_patterns`: Python fnmatch, where `*` also matches `/` (so `*.json`
 * matches `onnx/config.json`), and a pattern ending in `/` means everything under that folder.
 */
export function matchesPattern(path: string, pattern: string): boolean {
  const p = pattern.endsWith('/') ? `${pattern}*` : pattern;
  return patternRegex(p).test(path);
}

/** True when no patterns are given (all files) or when one of them matches. */
export function isWanted(path: string, patterns: readonly string[] | undefined): boolean {
  return !patterns || patterns.length === 0 || patterns.some((p) => matchesPattern(path, p));
}

const cache = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        out += `[${body.startsWith('!') ? `^${escapeClass(body.slice(1))}` : escapeClass(body)}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  re = new RegExp(`^${out}$`, 's');
  cache.set(pattern, re);
  return re;
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, '\\$&');
}
