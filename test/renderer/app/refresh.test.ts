import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../../gateway/contract/routes';
import { refreshAll } from '../../../renderer/app/refresh';
import { useAppStore } from '../../../renderer/store/app-store';

describe('refreshAll (after a reconnect or a resync)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('re-reads every page\'s data, the HF token status included, under the new credentials', async () => {
    const requests: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push(`${new Headers(init?.headers).get('authorization')} ${url.split('?')[0]}`);
      return new Response(JSON.stringify({ configured: true, source: 'env', user: 'ops', role: 'read', masked: 'hf_…WXYZ' }), { status: 200 });
    }));
    useAppStore.getState().setConnection({ credentials: { baseUrl: 'http://127.0.0.1:4100', adminToken: 'fresh-token', apiKey: null } });
    await refreshAll();
    for (const route of [routes.listEvents, routes.listKeys, routes.gpus, routes.adminListModels, routes.getHfToken]) {
      expect(requests).toContain(`Bearer fresh-token http://127.0.0.1:4100${route.path}`);
    }
    expect(useAppStore.getState().hfToken.data?.user).toBe('ops');
  });
});
