import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import Conf from 'conf';
import type { CipherAvailability, SecretCipher } from '../../../main/secrets/cipher';
import type { KeyValueStore } from '../../../main/secrets/key-value-store';

/**
 * Stands in for the OS keychain behind safeStorage (this machine has none): real AES-256-GCM under a
 * key that never leaves the object, so ciphertext is opaque and a tampered or foreign one fails.
 */
export function fakeKeychainCipher(availability: CipherAvailability = { isAvailable: true, backend: 'gnome_libsecret', reason: null }): SecretCipher & { calls: string[] } {
  const key = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    async availability() {
      calls.push('availability');
      return availability;
    },
    async encrypt(plain) {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(buf) {
      calls.push('decrypt');
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return { plain: Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8'), shouldReEncrypt: false };
    },
  };
}

/** electron-store's own engine (`conf`) on a real file, since electron-store itself imports electron. */
export function confStore(cwd: string): KeyValueStore & { path: string } {
  return new Conf<Record<string, unknown>>({ cwd, projectName: 'passerelle-test', configName: 'config' });
}
