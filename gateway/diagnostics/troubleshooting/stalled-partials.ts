import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Partial blobs (`models--<org>--<repo>/blobs/<etag>.incomplete`, the huggingface_hub layout) that hold no
 * byte and have not changed for `olderThanSeconds`. With parallel parts the sidecar
 * `<etag>.incomplete.json` says how much is on disk, as the file may be sparse.
 */
export function findStalledPartials(cacheDir: string, olderThanSeconds: number, now = Date.now()): Array<{ file: string; ageSeconds: number }> {
  const found: Array<{ file: string; ageSeconds: number }> = [];
  for (const repo of list(cacheDir).filter((d) => d.startsWith('models--'))) {
    const blobs = join(cacheDir, repo, 'blobs');
    for (const name of list(blobs).filter((f) => f.endsWith('.incomplete'))) {
      const file = join(blobs, name);
      const age = ageSeconds(file, now);
      if (age !== null && age >= olderThanSeconds && receivedBytes(file) === 0) found.push({ file: `${repo}/blobs/${name}`, ageSeconds: Math.round(age) });
    }
  }
  return found;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function ageSeconds(file: string, now: number): number | null {
  try {
    const times = [statSync(file).mtimeMs];
    try {
      times.push(statSync(`${file}.json`).mtimeMs);
    } catch {
      // No sidecar: a single-stream download.
    }
    return (now - Math.max(...times)) / 1000;
  } catch {
    return null;
  }
}

function receivedBytes(file: string): number {
  try {
    const state = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { parts?: Array<{ start: number; done: number }> };
    if (Array.isArray(state.parts)) return state.parts.reduce((sum, p) => sum + Math.max(0, p.done - p.start), 0);
  } catch {
    // Fall back to the file size.
  }
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
