import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';

const CAUSE = 'Frontend not served, or FRONTEND_DIST wrong.';
const FIX = 'Rebuild it (npm run build) and check the mounted path (FRONTEND_DIST, /app/frontend in the image).';

/** Guide row « Tableau de bord vide »: the page loads but its scripts do not. */
export const dashboardEmptyCheck: DiagnosticCheckDef = {
  id: 'troubleshooting.dashboard-empty',
  title: 'Dashboard empty (« Tableau de bord vide »)',
  run(ctx): CheckResult {
    const dir = ctx.config.frontendDist;
    const index = join(dir, 'index.html');
    if (!existsSync(index)) return { status: 'fail', cause: CAUSE, fix: FIX, details: { path: dir }, message: `${index} is missing: the dashboard URL answers with nothing to show.` };
    const assets = referencedAssets(readFileSync(index, 'utf8'));
    const missing = assets.filter((a) => !existsSync(join(dir, a)));
    const details = { path: dir, assets: assets.length, missing };
    if (missing.length > 0) return { status: 'fail', cause: CAUSE, fix: FIX, details, message: `index.html references ${missing.length} file(s) missing from ${dir} (${missing.slice(0, 3).join(', ')}): the page stays blank.` };
    if (assets.length === 0) return { status: 'warn', cause: CAUSE, fix: FIX, details, message: `${index} loads no script: is it the dashboard build?` };
    return { status: 'ok', details, message: `The dashboard build at ${dir} is complete (${assets.length} asset(s)).` };
  },
};

/** Local scripts and stylesheets of a Vite build (`/assets/index-abc.js`, `./assets/…`). */
export function referencedAssets(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/gi)) {
    const ref = m[1]!;
    if (/^(?:[a-z]+:)?\/\//i.test(ref) || ref.startsWith('data:') || ref.startsWith('#')) continue;
    const path = ref.replace(/^\.?\//, '').split(/[?#]/)[0]!;
    if (/\.(?:m?js|css)$/.test(path)) found.add(path);
  }
  return [...found];
}
