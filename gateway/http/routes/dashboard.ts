import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locals } from '../locals';

/**
 * The dashboard (the renderer build) at `/`: hashed assets cached for a year, index.html never
 * cached, and client-side routes answered with index.html. Where FRONTEND_DIST holds no build,
 * `/` answers a page that says how to make one (the guide's "empty dashboard" row).
 */
export function dashboardRoutes(frontendDist: string): Router {
  const router = Router();
  const index = join(frontendDist, 'index.html');
  router.use('/assets', express.static(join(frontendDist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  router.use(express.static(frontendDist, { index: false, maxAge: 0 }));
  router.get('/{*path}', (req, res, next) => {
    // Client-side routes only: API paths and missing files (anything with an extension) stay 404.
    const lastSegment = req.path.slice(req.path.lastIndexOf('/') + 1);
    if (req.path.startsWith('/v1') || req.path.startsWith('/api/') || lastSegment.includes('.') || !req.accepts('html')) return next();
    locals(res).routeLabel = 'dashboard';
    if (!existsSync(index)) {
      res.status(503).type('html').send(missingBuildPage(frontendDist));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

function missingBuildPage(dir: string): string {
  const safe = dir.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Passerelle — dashboard not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>The dashboard is not built</h1>
<p>The gateway is running, but <code>FRONTEND_DIST</code> (<code>${safe}</code>) holds no <code>index.html</code>.</p>
<ul><li>From a clone: run <code>npm run build</code>, then reload this page.</li>
<li>In Docker: check that the image was built with <code>./build_docker.sh</code> and that nothing is mounted over <code>FRONTEND_DIST</code>.</li>
<li>Elsewhere: set <code>FRONTEND_DIST</code> to the folder that holds the built <code>index.html</code>.</li></ul>
<p>The API works meanwhile: <code>/v1/models</code>, <code>/healthz</code>.</p></body></html>`;
}
