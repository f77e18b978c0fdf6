import { describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../../renderer/api/gateway-client';
import { ApiError } from '../../../renderer/api/api-error';

const creds = () => ({ baseUrl: 'http://gw.test', adminToken: 'admin-secret', apiKey: 'psk_key' });

function fakeFetch(status: number, body: unknown, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    seen.push(new Request(input as string, init));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

describe('gateway client', () => {
  it('sends the admin token to admin routes and the API key to /v1, with path params and query', async () => {
    const seen: Request[] = [];
    const client = createGatewayClient(creds, fakeFetch(200, { events: [] }, seen));
    await client.call('listEvents', { query: { level: 'warn', limit: 5 } });
    expect(seen[0]!.url).toBe('http://gw.test/api/admin/events?level=warn&limit=5');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer admin-secret');

    const v1 = createGatewayClient(creds, fakeFetch(200, { id: 'a b', object: 'model', created: 1, owned_by: 'x' }, seen));
    await v1.call('getModel', { params: { id: 'a b' } });
    expect(seen[1]!.url).toBe('http://gw.test/v1/models/a%20b');
    expect(seen[1]!.headers.get('authorization')).toBe('Bearer psk_key');
  });

  it('turns an OpenAI error body into an ApiError with the hint', async () => {
    const client = createGatewayClient(creds, fakeFetch(401, { error: { message: 'The admin token is not valid.', type: 'invalid_request_error', param: null, code: 'invalid_admin_token', hint: 'Read the token file.' } }));
    const err = await client.call('listKeys').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'invalid_admin_token', hint: 'Read the token file.', isAuth: true });
  });

  it('says "not offered" for a 404 not_found, and reports a body that breaks the contract', async () => {
    const notFound = createGatewayClient(creds, fakeFetch(404, { error: { message: 'No route', type: 'invalid_request_error', param: null, code: 'not_found' } }));
    expect(await notFound.call('listKeys').catch((e: ApiError) => e.isNotOffered)).toBe(true);
    const wrong = createGatewayClient(creds, fakeFetch(200, { keys: [{ id: 1 }] }));
    const err = (await wrong.call('listKeys').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('contract_mismatch');
    expect(err.message).toContain('keys.0');
  });

  it('explains a gateway it cannot reach, and a non-JSON error page', async () => {
    const down = createGatewayClient(creds, async () => { throw new TypeError('fetch failed'); });
    const err = (await down.call('health').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network_error');
    expect(err.message).toContain('http://gw.test');
    const proxy = createGatewayClient(creds, fakeFetch(502, '<html>Bad gateway</html>'));
    const perr = (await proxy.call('health').catch((e: unknown) => e)) as ApiError;
    expect(perr).toMatchObject({ status: 502, code: 'http_502' });
    expect(perr.hint).toContain('Bad gateway');
  });
});
