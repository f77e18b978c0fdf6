import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../../../gateway/contract/routes';
import { cancelDownload, purgeCache, removeModel, startDownload } from '../../../../renderer/features/models/models-actions';
import { clearHfToken, saveHfToken } from '../../../../renderer/features/keys/hf-token-actions';
import { useAppStore } from '../../../../renderer/store/app-store';

/** A fetch that answers `answer` to everything but the model list, and records what it was asked. */
function stubGateway(answer: () => Response): string[] {
  const requests: string[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    requests.push(`${method} ${url}`);
    if (method === 'GET' && url === routes.adminListModels.path) return new Response(JSON.stringify({ models: [] }), { status: 200 });
    return answer();
  }));
  useAppStore.getState().setConnection({ credentials: { baseUrl: '', adminToken: 't', apiKey: null } });
  return requests;
}

describe('model and HF token actions go through the contract\'s route table', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('calls the table\'s paths, with the key encoded and the purge flag as its query', async () => {
    const requests = stubGateway(() => new Response(null, { status: 204 }));
    await removeModel('my/model');
    await cancelDownload('canary', true);
    expect(requests).toContain('DELETE /api/admin/models/my%2Fmodel');
    expect(requests).toContain('DELETE /api/admin/models/canary/download?purge=true');
  });

  it('refuses an answer that breaks the contract instead of ignoring it', async () => {
    stubGateway(() => new Response(JSON.stringify({ key: 'canary', state: 'whatever' }), { status: 202 }));
    for (const act of [() => startDownload('canary'), () => purgeCache('canary')]) {
      const error = await act();
      expect(error?.code).toBe('contract_mismatch');
      expect(useAppStore.getState().actionError.canary?.code).toBe('contract_mismatch');
    }
  });

  it('parses the HF token routes\' answers with HfTokenStatus', async () => {
    const requests = stubGateway(() => new Response(JSON.stringify({ configured: 'yes' }), { status: 200 }));
    expect((await saveHfToken('hf_abcdefgh'))?.code).toBe('contract_mismatch');
    expect((await clearHfToken())?.code).toBe('contract_mismatch');
    expect(requests).toEqual(expect.arrayContaining([`PUT ${routes.putHfToken.path}`, `DELETE ${routes.deleteHfToken.path}`]));
  });
});
