import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import KeysPage from '../../../../renderer/features/keys/KeysPage';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage, typeAndSubmit } from '../render-page';

describe('Keys page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows a created key\'s secret once, lists it by its last 4, and refuses an empty name locally', async () => {
    const keys: object[] = [];
    const requests: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${url}`);
      if (init?.method === 'POST') {
        const created = { id: 'k1', name: JSON.parse(String(init.body)).name, last4: 'WXYZ', models: null, source: 'store', createdAt: '2026-11-26T09:00:00Z', lastUsedAt: null };
        keys.push(created);
        return new Response(JSON.stringify({ ...created, key: 'psk_secretsecretWXYZ' }), { status: 201 });
      }
      return new Response(JSON.stringify({ keys }), { status: 200 });
    }));
    useAppStore.getState().setConnection({ credentials: { baseUrl: '', adminToken: 't', apiKey: null } });
    const { container, unmount } = await renderPage(<KeysPage />);
    await typeAndSubmit(container, 'key-name', 'ci');
    expect(container.querySelector('[data-testid="created-key"]')?.textContent).toBe('psk_secretsecretWXYZ');
    expect(container.querySelector('table')?.textContent).toContain('…WXYZ');
    const dismiss = [...container.querySelectorAll('button')].find((b) => b.textContent === 'I have saved it')!;
    await act(async () => dismiss.click());
    expect(container.textContent).not.toContain('psk_secretsecretWXYZ');
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    unmount();
  });
});
