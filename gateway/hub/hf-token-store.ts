import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HfTokenStatus } from '../contract/hub';
import { GatewayError } from '../errors';
import { maskSecret } from '../logging/mask-secret';
import { writeFileAtomic } from '../state/atomic-write';
import type { Account } from './hub-metadata';

const MAX_TOKEN_BYTES = 1024;

/**
 * The Hugging Face token: the one saved through the admin API (MODEL_CACHE_DIR/.hf_token, mode
 * 0600, as the guide says) wins over HUGGINGFACE_TOKEN. It is only ever shown masked, with the
 * account and role whoami reports.
 */
export class HfTokenStore {
  readonly file: string;
  private saved: string | null;
  private readonly accounts = new Map<string, Account>();

  constructor(cacheDir: string, private readonly envToken: string | null, private readonly whoami: (token: string) => Promise<Account>) {
    this.file = join(cacheDir, '.hf_token');
    this.saved = readToken(this.file);
  }

  current(): string | null {
    return this.saved ?? this.envToken;
  }

  async status(): Promise<HfTokenStatus> {
    const token = this.current();
    if (!token) return { configured: false, source: null, user: null, role: null, masked: null };
    let account = this.accounts.get(token);
    if (!account) {
      try {
        account = await this.whoami(token);
        this.accounts.set(token, account);
      } catch {
        // Hub unreachable or token revoked: say what is known, the download will say the rest.
      }
    }
    return { configured: true, source: this.saved ? 'file' : 'env', user: account?.user ?? null, role: account?.role ?? null, masked: maskSecret(token) };
  }

  /** Checks the token with whoami, then saves it atomically with mode 0600. */
  async set(token: string): Promise<HfTokenStatus> {
    checkShape(token);
    const account = await this.whoami(token);
    writeFileAtomic(this.file, token, 0o600);
    this.saved = token;
    this.accounts.set(token, account);
    return this.status();
  }

  remove(): Promise<HfTokenStatus> {
    rmSync(this.file, { force: true });
    this.saved = null;
    return this.status();
  }
}

function checkShape(token: string): void {
  const fail = (why: string): never => {
    throw new GatewayError('hf_token_invalid', `This is not a Hugging Face token: ${why}.`, { param: 'token', hint: 'Copy a read token from https://huggingface.co/settings/tokens (it starts with hf_) and paste it alone.' });
  };
  if (/[\r\n]/.test(token)) fail('it contains a line break');
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) fail(`it is longer than ${MAX_TOKEN_BYTES} bytes`);
  if (!/^hf_[\x21-\x7e]+$/.test(token)) fail('it must start with hf_ and hold visible ASCII characters only');
}

function readToken(file: string): string | null {
  try {
    const token = readFileSync(file, 'utf8').trim();
    return token || null;
  } catch {
    return null;
  }
}
