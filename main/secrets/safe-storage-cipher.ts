import type { SafeStorage } from 'electron';
import type { CipherAvailability, SecretCipher } from './cipher';

/** Linux backends that store nothing in a keychain: their "encryption" is a hard-coded key. */
const PLAIN_BACKENDS = new Set(['basic_text', 'unknown']);

/**
 * safeStorage as a SecretCipher: the async API where this Electron has it (≥42), the sync one
 * otherwise. On Linux, `basic_text` counts as unavailable: persisting under it would be plaintext
 * in all but name (grafana/k6-studio#940 makes the same call).
 */
export function safeStorageCipher(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform): SecretCipher {
  const hasAsync = typeof safeStorage.isAsyncEncryptionAvailable === 'function';
  return {
    async availability(): Promise<CipherAvailability> {
      const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform;
      const isEncryptionAvailable = hasAsync ? await safeStorage.isAsyncEncryptionAvailable() : safeStorage.isEncryptionAvailable();
      if (!isEncryptionAvailable) return { isAvailable: false, backend, reason: 'The operating system offers no encryption for stored secrets (no keychain or keyring).' };
      if (PLAIN_BACKENDS.has(backend)) {
        return { isAvailable: false, backend, reason: `No keyring was found (safeStorage backend "${backend}"). Install and unlock GNOME Keyring or KWallet (or start the console with --password-store=gnome-libsecret) to keep secrets across restarts.` };
      }
      return { isAvailable: true, backend, reason: null };
    },
    async encrypt(plain) {
      return hasAsync ? safeStorage.encryptStringAsync(plain) : safeStorage.encryptString(plain);
    },
    async decrypt(cipher) {
      if (!hasAsync) return { plain: safeStorage.decryptString(cipher), shouldReEncrypt: false };
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipher);
      return { plain: result, shouldReEncrypt };
    },
  };
}
