import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testProfile } from '../../../main/connection/profile-tester';
import { startTestGateway } from '../../helpers/in-process-gateway';

describe('testProfile against real gateways', async () => {
  const live = await startTestGateway({ ALLOWED_ORIGINS: 'app://passerelle' });
  const noCors = await startTestGateway();

  it('accepts a live gateway with the right token that allows the console origin', async () => {
    const r = await testProfile({ url: `${live.url}/`, adminToken: live.token });
    expect(r).toMatchObject({ ok: true, error: null, version: live.deps.version });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a wrong token with the reason', async () => {
    const r = await testProfile({ url: live.url, adminToken: 'pat_wrong-token-wrong-token-0000' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('invalid_admin_token');
    expect(r.error?.message).toContain('refused the admin token');
  });

  it('refuses a dead gateway as unreachable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await testProfile({ url: `http://127.0.0.1:${port}`, adminToken: live.token });
    expect(r.error?.code).toBe('profile_unreachable');
    expect(r.error?.message).toContain('ECONNREFUSED');
  });

  it('refuses something that is not a gateway', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('nothing here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const r = await testProfile({ url: `http://127.0.0.1:${port}`, adminToken: live.token });
    server.close();
    expect(r.error?.code).toBe('not_a_gateway');
  });

  it('refuses a gateway that does not allow the console origin, naming ALLOWED_ORIGINS', async () => {
    const r = await testProfile({ url: noCors.url, adminToken: noCors.token });
    expect(r.error?.code).toBe('origin_not_allowed');
    expect(r.error?.hint).toContain('ALLOWED_ORIGINS');
  });

  it('refuses plain http to another machine before sending the token', async () => {
    let called = false;
    const r = await testProfile({ url: 'http://dgx.example.com:8000', adminToken: live.token }, { fetch: async () => { called = true; return new Response(); } });
    expect(r.error?.code).toBe('insecure_profile_url');
    expect(called).toBe(false);
  });
});
