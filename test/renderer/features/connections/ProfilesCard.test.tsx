import { describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import type { AddProfile, Profile, TestProfile } from '../../../../main/ipc/contract';
import { ProfilesCard } from '../../../../renderer/features/connections/ProfilesCard';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage, settle } from '../render-page';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');

/** main's profile channels: a first test without a confirmed fingerprint answers as main does. */
const bridge = vi.hoisted(() => {
  const tests: unknown[] = [];
  const added: unknown[] = [];
  const profiles: Profile[] = [];
  return {
    tests, added,
    profiles: {
      list: async () => ({ profiles }),
      test: async (target: TestProfile & { certificateSha256?: string }) => {
        tests.push(target);
        const fingerprint = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
        if (!target.certificateSha256) return { ok: false, version: null, latencyMs: 3, certificateSha256: fingerprint, error: { message: `https://gw.lab presents a certificate with SHA-256 ${fingerprint}.`, type: 'invalid_request_error', param: null, code: 'certificate_unconfirmed' } };
        return { ok: true, version: '0.1.0', latencyMs: 3, certificateSha256: target.certificateSha256, error: null };
      },
      add: async (p: AddProfile) => {
        added.push(p);
        return { name: p.name, url: p.url, isTokenPersisted: true, certificateSha256: p.certificateSha256 };
      },
    },
  };
});
vi.mock('../../../../renderer/app/platform-instance', () => ({ platform: { kind: 'electron', bridge } }));

const button = (container: HTMLElement, text: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === text)!;

async function type(container: HTMLElement, label: string, value: string): Promise<void> {
  const input = [...container.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input')!;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('remote gateways card', () => {
  it('shows a new gateway\'s certificate fingerprint to compare, and pins it only once the operator trusts it', async () => {
    const { container, unmount } = await renderPage(<ProfilesCard />);
    await type(container, 'Name', 'lab');
    await type(container, 'URL', 'https://gw.lab');
    await type(container, 'Admin token', 'pat_0123456789abcdef0123');
    await act(async () => button(container, 'Test').click());
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain(FINGERPRINT);

    await act(async () => button(container, 'It matches: trust this certificate').click());
    await settle();
    expect(bridge.tests.at(-1)).toMatchObject({ url: 'https://gw.lab', certificateSha256: FINGERPRINT });
    expect(container.textContent).toContain('The gateway answered: version 0.1.0');

    await act(async () => container.querySelector('form')!.requestSubmit());
    await settle();
    expect(bridge.added).toEqual([{ name: 'lab', url: 'https://gw.lab', adminToken: 'pat_0123456789abcdef0123', certificateSha256: FINGERPRINT }]);
    unmount();
  });

  it('lists each profile\'s pinned fingerprint and marks a plain-http profile to another machine "token sent in clear"', async () => {
    useAppStore.getState().setDesktop({ profiles: [
      { name: 'lab', url: 'https://gw.lab', isTokenPersisted: true, certificateSha256: FINGERPRINT },
      { name: 'old', url: 'http://10.0.0.5:8000', isTokenPersisted: true, isTokenSentInClear: true },
      { name: 'tunnel', url: 'http://127.0.0.1:8000', isTokenPersisted: true },
    ] });
    const { container, unmount } = await renderPage(<ProfilesCard />);
    const row = (name: string) => [...container.querySelectorAll('tbody tr')].find((r) => r.textContent?.startsWith(name))!.textContent!;
    expect(row('lab')).toContain(FINGERPRINT);
    expect(row('old')).toContain('token sent in clear');
    expect(row('tunnel')).not.toContain('token sent in clear');
    unmount();
  });
});
