import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_HOST, APP_SCHEME } from '../ipc/contract';
import { contentSecurityPolicy } from '../security/content-security-policy';
import { mimeType, resolveRendererFile } from './renderer-files';

/** Registered before `ready`: app:// behaves like https (secure context, fetch, CORS, streaming media). */
export const APP_SCHEME_PRIVILEGES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } }];

/**
 * Serves the bundled renderer build at app://passerelle/ with the CSP header. `connectOrigins`
 * gives the remote gateways' origins at the time a page loads (`onPageServed` reports them, so main
 * knows when a profile added later needs a reload).
 */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string, connectOrigins: () => string[], onPageServed: (origins: string[]) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (new URL(request.url).host !== APP_HOST) return new Response('not found', { status: 404 });
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return new Response(file.endsWith('index.html') ? missingBuildPage(rendererDir) : 'not found', { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    const headers: Record<string, string> = { 'content-type': mimeType(file), 'x-content-type-options': 'nosniff' };
    if (file.endsWith('.html')) {
      const origins = connectOrigins();
      headers['content-security-policy'] = contentSecurityPolicy(origins);
      headers['cache-control'] = 'no-cache';
      onPageServed(origins);
    }
    return new Response(new Uint8Array(body), { status: 200, headers });
  });
}

function missingBuildPage(dir: string): string {
  const safe = dir.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>Passerelle</title><h1>The console's page is not built</h1><p>No index.html in <code>${safe}</code>. Run <code>npm run build</code>, then restart the console.</p>`;
}
