import { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import { maskSecret } from '../../gateway/logging/mask-secret';
import type { SaveApiKey, StoredApiKey } from '../ipc/contract';
import type { KeyValueStore } from './key-value-store';
import type { SecretName, SecretVault } from './secret-vault';

/**
 * API keys the operator chose to keep (the gateway shows a secret once): names in the store, the
 * keys in the vault. A key is never handed back to the renderer; main copies it to the clipboard.
 */
export class SavedApiKeys {
  constructor(private readonly store: KeyValueStore, private readonly vault: SecretVault) {}

  async list(): Promise<StoredApiKey[]> {
    const out: StoredApiKey[] = [];
    for (const name of this.names()) {
      const key = await this.vault.get(secretName(name));
      if (key !== null) out.push({ name, masked: maskSecret(key), isPersisted: this.vault.isStored(secretName(name)) });
    }
    return out;
  }

  async save({ name, key }: SaveApiKey): Promise<StoredApiKey[]> {
    await this.vault.set(secretName(name), key);
    if (!this.names().includes(name)) this.store.set('apiKeys', [...this.names(), name]);
    return this.list();
  }

  /** The key itself, for main's clipboard only. */
  async reveal(name: string): Promise<string> {
    const key = this.names().includes(name) ? await this.vault.get(secretName(name)) : null;
    if (key === null) throw new GatewayError('key_not_found', `No API key named "${name}" is kept by this console.`, { param: 'name', hint: 'Create a key on the Keys page and keep it; a key kept for the last session only is gone.' });
    return key;
  }

  async remove(name: string): Promise<StoredApiKey[]> {
    this.vault.delete(secretName(name));
    this.store.set('apiKeys', this.names().filter((n) => n !== name));
    return this.list();
  }

  private names(): string[] {
    const parsed = z.array(z.string()).safeParse(this.store.get('apiKeys'));
    return parsed.success ? parsed.data : [];
  }
}

function secretName(name: string): SecretName {
  return `apiKey.${Buffer.from(name, 'utf8').toString('hex')}`;
}
