import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import type { SaveApiKey, StoredApiKey } from '../../../../main/ipc/contract';
import KeysPage from '../../../../renderer/features/keys/KeysPage';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage, settle, typeAndSubmit } from '../render-page';

/** main's apiKeys channels: the keys in a map, the page sees names and masked forms only. */
const bridge = vi.hoisted(() => {
  const calls: string[] = [];
  const keys = new Map<string, string>();
  const list = () => ({ keys: [...keys].map(([name, key]): StoredApiKey => ({ name, masked: `psk_…${key.slice(-4)}`, isPersisted: true })) });
  return {
    calls,
    apiKeys: {
      list: async () => list(),
      save: async ({ name, key }: SaveApiKey) => { calls.push(`save ${name} ${key}`); keys.set(name, key); return list(); },
      copy: async ({ name }: { name: string }) => { calls.push(`copy ${name}`); },
      remove: async ({ name }: { name: string }) => { calls.push(`remove ${name}`); keys.delete(name); return list(); },
    },
    hfToken: { status: async () => ({ isConfigured: false, isPersisted: false, masked: null, isRestartNeeded: false }) },
    secrets: { status: async () => ({ isPersistent: true, backend: 'gnome_libsecret', reason: null }) },
  };
});
vi.mock('../../../../renderer/app/platform-instance', () => ({ platform: { kind: 'electron', bridge } }));

const button = (container: HTMLElement, text: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === text)!;

describe('API keys kept by the console (Electron)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hands a new key to main\'s keychain, lists it masked, and has main copy or forget it', async () => {
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        return new Response(JSON.stringify({ id: 'k1', name: 'ci', last4: 'WXYZ', models: null, source: 'store', createdAt: '2026-11-26T09:00:00Z', lastUsedAt: null, key: 'psk_secretsecretWXYZ' }), { status: 201 });
      }
      return new Response(JSON.stringify({ keys: [], configured: false, source: null, user: null, role: null, masked: null }), { status: 200 });
    }));
    useAppStore.getState().setConnection({ credentials: { baseUrl: '', adminToken: 't', apiKey: null } });
    const { container, unmount } = await renderPage(<KeysPage />);
    expect(container.textContent).toContain('Keys kept by this console');
    await typeAndSubmit(container, 'key-name', 'ci');
    await act(async () => button(container, 'Keep in this console').click());
    await settle();
    expect(bridge.calls).toEqual(['save ci psk_secretsecretWXYZ']);
    const kept = container.querySelector('table[aria-label="Keys kept by this console"]')!;
    expect(kept.textContent).toContain('psk_…WXYZ');
    expect(kept.textContent).not.toContain('psk_secretsecretWXYZ');
    await act(async () => button(container, 'I have saved it').click());
    expect(container.textContent).not.toContain('psk_secretsecretWXYZ');
    await act(async () => container.querySelector<HTMLButtonElement>('button[aria-label="Copy the key ci"]')!.click());
    await settle();
    expect(bridge.calls).toContain('copy ci');
    await act(async () => container.querySelector<HTMLButtonElement>('button[aria-label="Forget the key ci"]')!.click());
    await settle();
    expect(bridge.calls).toContain('remove ci');
    expect(container.querySelector('table[aria-label="Keys kept by this console"]')).toBeNull();
    unmount();
  });
});
