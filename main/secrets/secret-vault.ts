import type { SecretStorageStatus } from '../ipc/contract';
import type { SecretCipher } from './cipher';
import type { KeyValueStore } from './key-value-store';

/** Names under which secrets are kept: the HF token, a profile's admin token, a saved API key. */
export type SecretName = 'hfToken' | `profile.${string}.adminToken` | `apiKey.${string}`;

const PREFIX = 'secrets.';

/**
 * The console's secrets. With a keychain, the store (electron-store) holds only the base64 of the
 * keychain ciphertext, and plaintext exists only in this process. Without one (`basic_text`, no
 * encryption), nothing is written at all: secrets live in memory for this session and the status
 * says why, so the UI can tell the user.
 */
export class SecretVault {
  private readonly memory = new Map<string, string>();
  private status: SecretStorageStatus = { isPersistent: false, backend: 'unknown', reason: 'The keychain has not been checked yet.' };

  constructor(private readonly store: KeyValueStore, private readonly cipher: SecretCipher) {}

  private initialising: Promise<SecretStorageStatus> | null = null;

  /** Asks the keychain whether it can encrypt, once (later calls share the answer); after `ready`. */
  init(): Promise<SecretStorageStatus> {
    this.initialising ??= this.queryKeychain();
    return this.initialising;
  }

  private async queryKeychain(): Promise<SecretStorageStatus> {
    try {
      const a = await this.cipher.availability();
      this.status = { isPersistent: a.isAvailable, backend: a.backend, reason: a.reason };
    } catch (err) {
      this.status = { isPersistent: false, backend: 'unknown', reason: `The keychain could not be queried: ${(err as Error).message}` };
    }
    return this.storageStatus();
  }

  storageStatus(): SecretStorageStatus {
    return { ...this.status };
  }

  /** Whether a secret set now would survive a restart. */
  get isPersistent(): boolean {
    return this.status.isPersistent;
  }

  async set(name: SecretName, plain: string): Promise<void> {
    if (!this.status.isPersistent) {
      this.memory.set(name, plain);
      return;
    }
    const cipher = await this.cipher.encrypt(plain);
    this.store.set(PREFIX + name, cipher.toString('base64'));
    this.memory.delete(name);
  }

  /** The plaintext, or null. A ciphertext the keychain can no longer read counts as absent. */
  async get(name: SecretName): Promise<string | null> {
    const inMemory = this.memory.get(name);
    if (inMemory !== undefined) return inMemory;
    if (!this.status.isPersistent) return null;
    const stored = this.store.get(PREFIX + name);
    if (typeof stored !== 'string' || stored === '') return null;
    try {
      const { plain, shouldReEncrypt } = await this.cipher.decrypt(Buffer.from(stored, 'base64'));
      if (shouldReEncrypt) await this.set(name, plain);
      return plain;
    } catch {
      // Another keyring, user profile or product name: the old ciphertext is unreadable for good.
      return null;
    }
  }

  async has(name: SecretName): Promise<boolean> {
    return (await this.get(name)) !== null;
  }

  /** Whether this secret survives a restart (false for a session-only secret or no secret). */
  isStored(name: SecretName): boolean {
    return !this.memory.has(name) && typeof this.store.get(PREFIX + name) === 'string';
  }

  delete(name: SecretName): void {
    this.memory.delete(name);
    this.store.delete(PREFIX + name);
  }
}
