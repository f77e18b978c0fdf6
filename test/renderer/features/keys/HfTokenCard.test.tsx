import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import type { ConnectionState, HfTokenStatus } from '../../../../main/ipc/contract';
import { HfTokenCard } from '../../../../renderer/features/keys/HfTokenCard';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage, settle, typeAndSubmit } from '../render-page';

/** A preload bridge as main answers it with no keyring (basic_text): the token lives in memory. */
const bridge = vi.hoisted(() => {
  const calls: string[] = [];
  let token: string | null = null;
  const status = (): HfTokenStatus => ({ isConfigured: token !== null, isPersisted: false, masked: token ? `hf_…${token.slice(-4)}` : null, isRestartNeeded: token !== null });
  return {
    calls,
    hfToken: {
      status: async () => status(),
      set: async ({ token: t }: { token: string }) => { calls.push(`hfToken.set ${t}`); token = t; return status(); },
      clear: async () => { calls.push('hfToken.clear'); token = null; return status(); },
    },
    secrets: { status: async () => ({ isPersistent: false, backend: 'basic_text', reason: 'No keyring was found.' }) },
    gateway: { restart: async () => { calls.push('gateway.restart'); return {}; } },
  };
});
vi.mock('../../../../renderer/app/platform-instance', () => ({ platform: { kind: 'electron', bridge } }));

const embedded = { state: 'ready', pid: 1, port: 4000, consecutiveFailures: 0, nextRestartAt: null, lastError: null, cacheDir: null } as const;
const connection = (mode: 'embedded' | 'attached'): ConnectionState => ({ mode, status: 'connected', baseUrl: 'http://127.0.0.1:4000', adminToken: 't', profile: null, embedded, error: null });

describe('HF token card in the console', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubGateway(): string[] {
    const requests: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${url}`);
      return new Response(JSON.stringify({ configured: false, source: null, user: null, role: null, masked: null }), { status: 200 });
    }));
    useAppStore.getState().setConnection({ credentials: { baseUrl: 'http://127.0.0.1:4000', adminToken: 't', apiKey: null } });
    return requests;
  }

  it('with the embedded gateway, keeps the token in main (keychain), never PUTs it to the gateway, and says it is session-only', async () => {
    const requests = stubGateway();
    useAppStore.getState().setDesktop({ connection: connection('embedded') });
    const { container, unmount } = await renderPage(<HfTokenCard />);
    expect(container.textContent).toContain('No keyring was found.');
    await typeAndSubmit(container, 'hf-token', 'hf_secretsecretABCD');
    expect(bridge.calls).toContain('hfToken.set hf_secretsecretABCD');
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    const status = container.querySelector('[data-testid="hf-keychain-status"]')!.textContent!;
    expect(status).toContain('hf_…ABCD');
    expect(status).toContain('for this session only');
    expect(container.textContent).not.toContain('hf_secretsecretABCD');
    const restart = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Restart the gateway to use it')!;
    await act(async () => restart.click());
    await settle();
    expect(bridge.calls).toContain('gateway.restart');
    unmount();
  });

  it('attached to a remote gateway, sets that gateway\'s own token through its route', async () => {
    const requests = stubGateway();
    bridge.calls.length = 0;
    useAppStore.getState().setDesktop({ connection: connection('attached') });
    const { container, unmount } = await renderPage(<HfTokenCard />);
    await typeAndSubmit(container, 'hf-token', 'hf_remoteremoteWXYZ');
    expect(requests).toContain('PUT http://127.0.0.1:4000/api/admin/hf-token');
    expect(bridge.calls).toEqual([]);
    unmount();
  });
});
