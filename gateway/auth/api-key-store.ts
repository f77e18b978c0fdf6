import { existsSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiKeyInfo, CreatedApiKey, CreateApiKey } from '../contract/keys';
import { writeFileAtomic } from '../state/atomic-write';
import { hashMatches, sha256Hex } from './secret-compare';

/** Who a request authenticated as. `admin` is the admin token, which also opens `/v1`. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'admin' }
  | { kind: 'key'; id: string; name: string; models: string[] | null };

const StoredKey = z.object({
  id: z.string(),
  name: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  last4: z.string(),
  models: z.array(z.string()).nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
type StoredKey = z.infer<typeof StoredKey>;
const StoreFile = z.object({ version: z.literal(1), keys: z.array(StoredKey) });

export class KeyStoreCorruptError extends Error {}

/**
 * API keys for `/v1`: those of OPENAI_API_KEYS and those created through the admin API. Only the
 * SHA-256 of a key is kept (keys are high-entropy, so a plain hash is enough), compared in
 * constant time. Revoking takes effect on the next request. `lastUsedAt` is written lazily.
 */
export class ApiKeyStore {
  private keys: StoredKey[] = [];
  private readonly envKeys: StoredKey[];
  private readonly file: string;
  private dirty = false;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(stateDir: string, envKeys: readonly string[], private readonly now = () => new Date()) {
    this.file = join(stateDir, 'api-keys.json');
    const started = this.now().toISOString();
    this.envKeys = envKeys.map((key, i) => ({
      id: `env-${i + 1}`, name: `OPENAI_API_KEYS #${i + 1}`, hash: sha256Hex(key), last4: key.slice(-4), models: null, createdAt: started, lastUsedAt: null,
    }));
    this.load();
  }

  /** When no key exists at all, `/v1` is open (the guide: restricting it is opt-in). */
  get hasKeys(): boolean {
    return this.keys.length + this.envKeys.length > 0;
  }

  list(): ApiKeyInfo[] {
    return [...this.envKeys.map((k) => info(k, 'env')), ...this.keys.map((k) => info(k, 'store'))];
  }

  create(input: CreateApiKey): CreatedApiKey {
    const key = `psk_${randomBytes(32).toString('base64url')}`;
    const stored: StoredKey = {
      id: randomUUID(), name: input.name, hash: sha256Hex(key), last4: key.slice(-4),
      models: input.models ? [...new Set(input.models)] : null, createdAt: this.now().toISOString(), lastUsedAt: null,
    };
    this.keys.push(stored);
    this.save();
    return { ...info(stored, 'store'), key };
  }

  /** Returns false when no stored key has this id; env keys cannot be revoked here. */
  revoke(id: string): boolean {
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.id !== id);
    if (this.keys.length === before) return false;
    this.save();
    return true;
  }

  isEnvKey(id: string): boolean {
    return this.envKeys.some((k) => k.id === id);
  }

  /** The principal of a presented key, or null. Every stored hash is compared: no early exit. */
  verify(presented: string): Extract<Principal, { kind: 'key' }> | null {
    const hash = sha256Hex(presented);
    let match: StoredKey | null = null;
    for (const k of [...this.envKeys, ...this.keys]) if (hashMatches(hash, k.hash) && !match) match = k;
    if (!match) return null;
    match.lastUsedAt = this.now().toISOString();
    if (!this.isEnvKey(match.id)) this.scheduleFlush();
    return { kind: 'key', id: match.id, name: match.name, models: match.models };
  }

  /** Writes pending `lastUsedAt` updates (called on shutdown). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.dirty) this.save();
  }

  private scheduleFlush(): void {
    this.dirty = true;
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), 10_000);
    this.flushTimer.unref();
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    try {
      this.keys = StoreFile.parse(JSON.parse(readFileSync(this.file, 'utf8'))).keys;
    } catch {
      // Fail closed: starting without the keys would open /v1 to everyone.
      throw new KeyStoreCorruptError(`${this.file} is not a valid key store. Restore it from a backup, or delete it to drop every stored API key, then start again.`);
    }
  }

  private save(): void {
    this.dirty = false;
    writeFileAtomic(this.file, JSON.stringify({ version: 1, keys: this.keys }, null, 2), 0o600);
  }
}

function info(k: StoredKey, source: 'store' | 'env'): ApiKeyInfo {
  return { id: k.id, name: k.name, last4: k.last4, models: k.models, source, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt };
}
