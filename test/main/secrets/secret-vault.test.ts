import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SecretVault } from '../../../main/secrets/secret-vault';
import { tempDir } from '../../helpers/temp-dir';
import { confStore, fakeKeychainCipher } from './fake-keychain';

const HF = 'hf_abcdefghijklmnopqrstuvwxyz0123456789';
const ADMIN = 'pat_remote-admin-token-0123456789abcdef';

describe('SecretVault', () => {
  it('keeps only base64 ciphertext in the store file, and reads the secrets back after a restart', async () => {
    const dir = tempDir('passerelle-vault-');
    const cipher = fakeKeychainCipher();
    const vault = new SecretVault(confStore(dir), cipher);
    expect((await vault.init()).isPersistent).toBe(true);
    await vault.set('hfToken', HF);
    await vault.set('profile.6467.adminToken', ADMIN);

    const store = confStore(dir);
    const file = readFileSync(store.path, 'utf8');
    expect(file).not.toContain(HF);
    expect(file).not.toContain(ADMIN);
    expect(file).not.toContain(Buffer.from(HF).toString('base64'));
    const stored = store.get('secrets.hfToken') as string;
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);

    // A new vault over the same file and keychain: what a restart of the console does.
    const again = new SecretVault(confStore(dir), cipher);
    await again.init();
    expect(await again.get('hfToken')).toBe(HF);
    expect(again.isStored('hfToken')).toBe(true);
    again.delete('hfToken');
    expect(await again.get('hfToken')).toBeNull();
    expect(readFileSync(store.path, 'utf8')).not.toContain('hfToken');
  });

  it('with basic_text (no keyring) persists nothing, keeps secrets in memory and says why', async () => {
    const dir = tempDir('passerelle-vault-basic-');
    const store = confStore(dir);
    const cipher = fakeKeychainCipher({ isAvailable: false, backend: 'basic_text', reason: 'No keyring was found (safeStorage backend "basic_text").' });
    const vault = new SecretVault(store, cipher);
    const status = await vault.init();
    expect(status).toEqual({ isPersistent: false, backend: 'basic_text', reason: expect.stringContaining('basic_text') });
    await vault.set('hfToken', HF);
    expect(await vault.get('hfToken')).toBe(HF);
    expect(vault.isStored('hfToken')).toBe(false);
    expect(cipher.calls).not.toContain('encrypt');
    expect(store.get('secrets')).toBeUndefined();
    // Next session: gone, as the UI was told.
    const next = new SecretVault(confStore(dir), cipher);
    await next.init();
    expect(await next.get('hfToken')).toBeNull();
  });

  it('treats ciphertext the keychain cannot read (another keyring) as absent', async () => {
    const dir = tempDir('passerelle-vault-foreign-');
    const first = new SecretVault(confStore(dir), fakeKeychainCipher());
    await first.init();
    await first.set('hfToken', HF);
    const other = new SecretVault(confStore(dir), fakeKeychainCipher());
    await other.init();
    expect(await other.get('hfToken')).toBeNull();
  });
});
