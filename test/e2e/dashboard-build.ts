import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const DASHBOARD_DIST = join(ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the dashboard (node scripts/build.mjs renderer) unless out/renderer is newer than its sources. */
export function ensureDashboardBuilt(): string {
  const index = join(DASHBOARD_DIST, 'index.html');
  // What the build reads: the renderer and the two contracts it imports.
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'gateway', 'contract')), newestMtime(join(ROOT, 'main', 'ipc')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return DASHBOARD_DIST;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), 'renderer'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
  return DASHBOARD_DIST;
}
