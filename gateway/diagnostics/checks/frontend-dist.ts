import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticCheckDef } from '../diagnostic-check';

/** The dashboard build the gateway serves as a web page. */
export const frontendDistCheck: DiagnosticCheckDef = {
  id: 'frontend-dist',
  title: 'Dashboard build (FRONTEND_DIST)',
  run(ctx) {
    const dir = ctx.config.frontendDist;
    if (existsSync(join(dir, 'index.html'))) return { status: 'ok', details: { path: dir }, message: `${dir}/index.html is present.` };
    return {
      status: 'warn', details: { path: dir },
      message: `${existsSync(dir) ? `${dir} has no index.html` : `${dir} does not exist`}: the API works, the dashboard page does not.`,
      fix: 'Build it (npm run build) and point FRONTEND_DIST at out/renderer, or mount the build at /app/frontend.',
    };
  },
};
