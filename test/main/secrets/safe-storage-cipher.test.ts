import { describe, expect, it } from 'vitest';
import type { SafeStorage } from 'electron';
import { safeStorageCipher } from '../../../main/secrets/safe-storage-cipher';

/** A recording stand-in for Electron's safeStorage, with the async API of Electron ≥42 or without it. */
function fakeSafeStorage(backend: string, isAvailable: boolean, hasAsync: boolean): { api: SafeStorage; calls: string[] } {
  const calls: string[] = [];
  const api: Record<string, unknown> = {
    getSelectedStorageBackend: () => backend,
    isEncryptionAvailable: () => (calls.push('isEncryptionAvailable'), isAvailable),
    encryptString: (s: string) => (calls.push('encryptString'), Buffer.from(`enc:${s}`)),
    decryptString: (b: Buffer) => (calls.push('decryptString'), b.toString().slice(4)),
  };
  if (hasAsync) {
    Object.assign(api, {
      isAsyncEncryptionAvailable: async () => (calls.push('isAsyncEncryptionAvailable'), isAvailable),
      encryptStringAsync: async (s: string) => (calls.push('encryptStringAsync'), Buffer.from(`enc:${s}`)),
      decryptStringAsync: async (b: Buffer) => (calls.push('decryptStringAsync'), { result: b.toString().slice(4), shouldReEncrypt: true }),
    });
  }
  return { api: api as unknown as SafeStorage, calls };
}

describe('safeStorageCipher', () => {
  it('uses the async API where Electron has it', async () => {
    const { api, calls } = fakeSafeStorage('gnome_libsecret', true, true);
    const cipher = safeStorageCipher(api, 'linux');
    expect(await cipher.availability()).toEqual({ isAvailable: true, backend: 'gnome_libsecret', reason: null });
    expect(await cipher.decrypt(await cipher.encrypt('x'))).toEqual({ plain: 'x', shouldReEncrypt: true });
    expect(calls).toEqual(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']);
  });

  it('falls back to the sync API on older Electron', async () => {
    const { api, calls } = fakeSafeStorage('kwallet6', true, false);
    const cipher = safeStorageCipher(api, 'linux');
    expect((await cipher.availability()).isAvailable).toBe(true);
    expect((await cipher.decrypt(await cipher.encrypt('y'))).plain).toBe('y');
    expect(calls).toEqual(['isEncryptionAvailable', 'encryptString', 'decryptString']);
  });

  it('refuses basic_text and no-encryption, saying what to install', async () => {
    const basic = await safeStorageCipher(fakeSafeStorage('basic_text', true, true).api, 'linux').availability();
    expect(basic.isAvailable).toBe(false);
    expect(basic.reason).toMatch(/GNOME Keyring or KWallet/);
    const none = await safeStorageCipher(fakeSafeStorage('gnome_libsecret', false, true).api, 'linux').availability();
    expect(none.isAvailable).toBe(false);
  });

  it('names the platform as the backend outside Linux', async () => {
    const a = await safeStorageCipher(fakeSafeStorage('unknown', true, true).api, 'darwin').availability();
    expect(a).toEqual({ isAvailable: true, backend: 'darwin', reason: null });
  });
});
