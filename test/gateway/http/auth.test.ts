import { json } from '../../helpers/json';
import { describe, expect, it, beforeAll } from 'vitest';
import OpenAI, { AuthenticationError } from 'openai';
import { rawRequest } from '../../helpers/raw-http';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';

const ENV_KEY = 'env-key-0123456789';

function raw(url: string, path: string, headers: Array<[string, string]>) {
  const host = new URL(url).host;
  return rawRequest(url, [`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)].join('\n'));
}

describe('/v1 authentication', () => {
  let gw: TestGateway;
  const get = (path: string, key?: string) => fetch(`${gw.url}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    gw = await startTestGateway({ OPENAI_API_KEYS: ENV_KEY });
  });

  it('refuses a missing or invalid key with 401 invalid_api_key in the OpenAI shape', async () => {
    for (const res of [await get('/v1/models'), await get('/v1/models', 'psk_not-a-real-key-at-all')]) {
      expect(res.status).toBe(401);
      const body = await json(res);
      expect(body.error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error', param: null });
      expect(body.error.message).toMatch(/key/i);
      expect(body.error.hint).toMatch(/Keys page|POST \/api\/admin\/keys/);
    }
  });

  it('accepts the configured key, lower-case bearer, and trailing whitespace (trimmed by HTTP)', async () => {
    expect((await get('/v1/models', ENV_KEY)).status).toBe(200);
    const lower = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `bearer ${ENV_KEY}` } });
    expect(lower.status).toBe(200);
    const trailing = await raw(gw.url, '/v1/models', [['Authorization', `Bearer ${ENV_KEY}   `]]);
    expect(trailing.status).toBe(200);
    // Whitespace inside the key is not the key.
    expect((await raw(gw.url, '/v1/models', [['Authorization', `Bearer ${ENV_KEY} x`]])).status).toBe(401);
  });

  it('refuses two Authorization headers', async () => {
    const res = await raw(gw.url, '/v1/models', [['Authorization', `Bearer ${ENV_KEY}`], ['Authorization', 'Bearer other-key-xxxx']]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/more than one Authorization/);
  });

  it('creates a key whose secret is shown once, stores only its hash, and revokes it at once', async () => {
    const created = await json(gw.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'ci' }) }));
    expect(created.key).toMatch(/^psk_/);
    expect(created.last4).toBe(created.key.slice(-4));
    expect((await get('/v1/models', created.key)).status).toBe(200);
    const list = await json(gw.admin('/api/admin/keys'));
    expect(JSON.stringify(list)).not.toContain(created.key);
    const mine = list.keys.find((k: { id: string }) => k.id === created.id);
    expect(mine).toMatchObject({ name: 'ci', last4: created.last4, source: 'store' });
    expect(mine.lastUsedAt).not.toBeNull();
    const { readFileSync } = await import('node:fs');
    const stored = readFileSync(`${gw.deps.config.stateDir}/api-keys.json`, 'utf8');
    expect(stored).not.toContain(created.key);
    expect((await gw.admin(`/api/admin/keys/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await get('/v1/models', created.key)).status).toBe(401);
    expect((await gw.admin(`/api/admin/keys/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('a key restricted to some models gets 403 on the others', async () => {
    const created = await json(gw.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'asr-only', models: ['canary'] }) }));
    const { assertModelAllowed } = await import('../../../gateway/http/middleware/api-key-auth');
    const principal = gw.deps.keys.verify(created.key)!;
    expect(() => assertModelAllowed(principal, 'canary')).not.toThrow();
    let err: unknown;
    try {
      assertModelAllowed(principal, 'qwen');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'model_not_allowed', status: 403, param: 'model' });
    // Through HTTP: a request for a model outside its list is 403, whatever the route…
    const chat = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'qwen', messages: [] }) });
    expect(chat.status).toBe(403);
    expect((await json(chat)).error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    // …and the model is not visible to it.
    const res = await get('/v1/models/qwen', created.key);
    expect(res.status).toBe(404);
  });

  it('the official openai client lists models and gets a typed AuthenticationError with a bad key', async () => {
    const good = new OpenAI({ apiKey: ENV_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 5000 });
    const page = await good.models.list();
    expect(Array.isArray(page.data)).toBe(true);
    const bad = new OpenAI({ apiKey: 'sk-wrong-key-0000', baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 5000 });
    const error = await bad.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
  });

  it('records auth failures in the runtime log without the key, and without flooding it', async () => {
    for (let i = 0; i < 5; i++) await get('/v1/models', 'psk_flood-flood-flood');
    const events = (await json(gw.admin('/api/admin/events?kind=auth'))).events;
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(events)).not.toContain('psk_flood');
  });
});

describe('admin authentication', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ ADMIN_TOKEN: 'admin-token-for-tests-0001', OPENAI_API_KEYS: ENV_KEY });
  });

  it.each(['/api/admin/keys', '/api/admin/events', '/api/system', '/api/events'])('%s needs the admin token', async (path) => {
    const none = await fetch(`${gw.url}${path}`);
    expect(none.status).toBe(401);
    expect((await json(none)).error.code).toBe('invalid_admin_token');
    const wrong = await fetch(`${gw.url}${path}`, { headers: { authorization: 'Bearer not-the-admin-token' } });
    expect(wrong.status).toBe(401);
  });

  it('an inference key never opens admin routes (403 insufficient_scope)', async () => {
    const res = await fetch(`${gw.url}/api/admin/keys`, { headers: { authorization: `Bearer ${ENV_KEY}` } });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('insufficient_scope');
  });

  it('the admin token opens admin routes and /v1', async () => {
    const headers = { authorization: 'Bearer admin-token-for-tests-0001' };
    expect((await fetch(`${gw.url}/api/admin/keys`, { headers })).status).toBe(200);
    expect((await fetch(`${gw.url}/v1/models`, { headers })).status).toBe(200);
  });

  it('a generated admin token lives in a 0600 file and survives a restart', async () => {
    const { statSync, readFileSync } = await import('node:fs');
    const first = await startTestGateway();
    const file = first.adminToken.file!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(first.token);
    await first.stop();
    const second = await startTestGateway({ MODEL_CACHE_DIR: first.cacheDir });
    expect(second.token).toBe(first.token);
    expect(second.logs.text).not.toContain(first.token);
    expect(second.logs.text).toContain(file);
  });
});

describe('open /v1 when no key exists', () => {
  it('serves /v1/models without a key, as the guide says (restricting is opt-in)', async () => {
    const gw = await startTestGateway();
    expect((await fetch(`${gw.url}/v1/models`)).status).toBe(200);
  });
});
