import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN_KEY, browserPlatform } from '../../../renderer/platform/browser-platform';

describe('browser platform', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('keeps the admin token in localStorage and finds it again', async () => {
    const p = browserPlatform();
    expect(await p.loadCredentials()).toBeNull();
    expect(await p.saveAdminToken('tok')).toEqual({ persisted: true });
    expect(localStorage.getItem(ADMIN_TOKEN_KEY)).toBe('tok');
    expect(await browserPlatform().loadCredentials()).toEqual({ baseUrl: '', adminToken: 'tok', apiKey: null });
  });

  it('keeps tokens in memory only when the browser refuses storage (private mode)', async () => {
    // Browsers refuse either way: the localStorage getter throws, or setItem does (quota 0).
    const refusing = { getItem: () => null, setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); }, removeItem: () => undefined };
    vi.stubGlobal('localStorage', refusing);
    const p = browserPlatform();
    expect(await p.saveAdminToken('tok')).toEqual({ persisted: false });
    expect(await p.saveApiKey('psk_1')).toEqual({ persisted: false });
    expect(await p.loadCredentials()).toEqual({ baseUrl: '', adminToken: 'tok', apiKey: 'psk_1' });
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });
    try {
      const q = browserPlatform();
      expect(await q.loadCredentials()).toBeNull();
      expect(await q.saveAdminToken('tok2')).toEqual({ persisted: false });
    } finally {
      Object.defineProperty(globalThis, 'localStorage', descriptor!);
    }
  });
});
