import { json } from '../../helpers/json';
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';
import { rawRequest } from '../../helpers/raw-http';
import { tempDir } from '../../helpers/temp-dir';

describe('HTTP core', () => {
  let gw: TestGateway;
  const post = (path: string, body: string, contentType = 'application/json') =>
    gw.admin(path, { method: 'POST', body, headers: { 'content-type': contentType } });

  beforeAll(async () => {
    gw = await startTestGateway({ MAX_JSON_MB: '1' });
  });

  it('echoes a sane X-Request-Id and makes one otherwise, and says the time spent', async () => {
    const mine = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-123');
    const hostile = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(mine.headers.get('x-gateway-time-ms'))).toBeGreaterThanOrEqual(0);
  });

  it('answers unknown routes under /v1 and /api in the OpenAI shape', async () => {
    for (const path of ['/v1/nothing', '/v1/chat/nope', '/api/admin/nothing']) {
      const res = await gw.admin(path);
      expect(res.status).toBe(404);
      const body = await json(res);
      expect(body).toEqual({ error: expect.objectContaining({ code: 'not_found', type: 'invalid_request_error', param: null, message: expect.stringContaining(path) }) });
      expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
    }
  });

  it('refuses malformed JSON (400), a non-object body (400), a wrong content type (415) and a body over the limit (413)', async () => {
    const malformed = await post('/api/admin/keys', '{"name": ');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe('invalid_json');
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const res = await post('/api/admin/keys', body);
      expect(res.status).toBe(400);
    }
    const text = await post('/api/admin/keys', '{"name":"x"}', 'text/plain');
    expect(text.status).toBe(415);
    expect((await json(text)).error.code).toBe('unsupported_media_type');
    const big = await post('/api/admin/keys', JSON.stringify({ name: 'x', pad: 'a'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect((await json(big)).error.code).toBe('request_too_large');
  });

  it('ends a JSON body that stalls with 408 and closes the connection (slowloris)', async () => {
    const slow = await startTestGateway({}, { bodyIdleTimeoutMs: 300 });
    const host = new URL(slow.url).host;
    const started = Date.now();
    const res = await rawRequest(slow.url, [`POST /api/admin/keys HTTP/1.1`, `Host: ${host}`, `Authorization: Bearer ${slow.token}`, 'Content-Type: application/json', 'Content-Length: 100'].join('\n'), '{"name":');
    expect(res.status).toBe(408);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body).error.code).toBe('request_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    // A body that keeps arriving is not cut, however long it takes in total.
    expect((await slow.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'ok' }) })).status).toBe(201);
  });

  it('names the invalid field with `param`', async () => {
    const res = await post('/api/admin/keys', JSON.stringify({ name: '' }));
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error).toMatchObject({ code: 'invalid_request', param: 'name' });
    const unknown = await post('/api/admin/keys', JSON.stringify({ name: 'ok', admin: true }));
    expect(unknown.status).toBe(400);
  });

  it('turns an unexpected exception into 500 internal with the request id and nothing of the exception', async () => {
    const original = gw.deps.models.list;
    gw.deps.models.list = () => {
      throw new Error('boom at /home/secret/path');
    };
    try {
      const res = await gw.admin('/v1/models');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('boom');
      expect(text).not.toContain('/home/secret');
      expect(text).not.toMatch(/at .*\.ts:\d+/);
      const { error } = JSON.parse(text);
      expect(error).toMatchObject({ code: 'internal', type: 'api_error', request_id: res.headers.get('x-request-id') });
      expect(gw.logs.text).toContain('boom at');
    } finally {
      gw.deps.models.list = original;
    }
  });

  it('serves /healthz, /readyz and Prometheus metrics', async () => {
    expect(await json(fetch(`${gw.url}/healthz`))).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    await fetch(`${gw.url}/v1/models`);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/passerelle_http_requests_total\{method="GET",route="\/v1\/models",status="200"\} \d+/);
    expect(metrics).toContain('passerelle_http_request_duration_seconds_bucket');
    // Raw URLs never become labels (cardinality): unknown paths share one label.
    await fetch(`${gw.url}/v1/random-${Date.now()}`);
    expect(await (await fetch(`${gw.url}/metrics`)).text()).not.toMatch(/route="\/v1\/random/);
  });
});

describe('host and origin guards', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ ALLOWED_ORIGINS: 'https://ops.example.com', ALLOWED_HOSTS: 'gpu-box.lan' });
  });
  const withHost = (host: string) => rawRequest(gw.url, `GET /healthz HTTP/1.1\nHost: ${host}\nConnection: close`);

  it('refuses a foreign Host on a loopback bind (DNS rebinding) and accepts loopback names and ALLOWED_HOSTS', async () => {
    const port = new URL(gw.url).port;
    for (const bad of ['evil.example', `evil.example:${port}`, 'localhost.attacker.com', '127.0.0.1.nip.io']) {
      const res = await withHost(bad);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden_host');
    }
    for (const good of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, 'gpu-box.lan']) {
      expect((await withHost(good)).status).toBe(200);
    }
  });

  it('answers CORS only for ALLOWED_ORIGINS', async () => {
    const ok = await fetch(`${gw.url}/healthz`, { headers: { origin: 'https://ops.example.com' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    const foreign = await fetch(`${gw.url}/healthz`, { headers: { origin: 'http://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const nullOrigin = await fetch(`${gw.url}/healthz`, { headers: { origin: 'null' } });
    expect(nullOrigin.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${gw.url}/v1/models`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${gw.url}/v1/models`, { method: 'OPTIONS', headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, x-stainless-os' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-stainless-os');
  });
});

describe('dashboard serving', () => {
  it('serves the build with SPA fallback, immutable hashed assets and an uncached index', async () => {
    const dist = tempDir();
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Passerelle</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const gw = await startTestGateway({ FRONTEND_DIST: dist });
    const index = await fetch(`${gw.url}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Passerelle</title>');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const deep = await fetch(`${gw.url}/models/canary`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('<title>Passerelle</title>');
    const asset = await fetch(`${gw.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${gw.url}/assets/missing.js`)).status).toBe(404);
    // API paths never fall back to the page.
    expect((await fetch(`${gw.url}/v1/unknown`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('says how to build the dashboard when FRONTEND_DIST holds none (the guide\'s empty dashboard row)', async () => {
    const gw = await startTestGateway({ FRONTEND_DIST: tempDir() });
    const res = await fetch(`${gw.url}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('npm run build');
    expect(html).toContain('FRONTEND_DIST');
  });
});
