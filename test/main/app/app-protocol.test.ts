import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Protocol } from 'electron';
import { serveRenderer } from '../../../main/app/app-protocol';
import { tempDir } from '../../helpers/temp-dir';

type Handler = (req: Request) => Promise<Response>;

function serve(dir: string, origins: string[] = ['https://dgx.example.com']) {
  let handler: Handler | null = null;
  let scheme = '';
  const served: string[][] = [];
  const protocol = { handle: (s: string, h: Handler) => { scheme = s; handler = h; } } as unknown as Pick<Protocol, 'handle'>;
  serveRenderer(protocol, dir, () => origins, (o) => served.push(o));
  return { scheme, served, get: (url: string) => handler!(new Request(url)) };
}

describe('app://passerelle serves the bundled renderer', () => {
  const dir = tempDir('passerelle-renderer-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Passerelle</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(tempDir('passerelle-outside-'), 'secret.txt'), 'no');

  it('answers the page with its CSP, and client routes with the page', async () => {
    const { scheme, get, served } = serve(dir);
    expect(scheme).toBe('app');
    for (const url of ['app://passerelle/', 'app://passerelle/models']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain('connect-src \'self\' http://127.0.0.1:* http://localhost:* http://[::1]:* https://dgx.example.com');
      expect(await res.text()).toContain('<title>Passerelle</title>');
    }
    expect(served).toEqual([['https://dgx.example.com'], ['https://dgx.example.com']]);
  });

  it('answers assets with their type and no CSP of their own', async () => {
    const res = await serve(dir).get('app://passerelle/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses other hosts, missing files and paths out of the build', async () => {
    const { get } = serve(dir);
    expect((await get('app://elsewhere/')).status).toBe(404);
    expect((await get('app://passerelle/assets/missing.js')).status).toBe(404);
    expect((await get('app://passerelle/..%2F..%2Fsecret.txt')).status).toBe(404);
  });

  it('says how to build the page when there is none', async () => {
    const res = await serve(tempDir('passerelle-empty-')).get('app://passerelle/');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('npm run build');
  });
});
