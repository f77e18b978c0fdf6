import { existsSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write';
import { secretsEqual } from './secret-compare';

export interface AdminToken {
  verify(presented: string): boolean;
  /** Where the generated token lives (null when ADMIN_TOKEN was given). Printed; the token never is. */
  readonly file: string | null;
  readonly generated: boolean;
  /** The token itself, for the logger's scrub list only. */
  readonly secret: string;
}

/**
 * The admin token: ADMIN_TOKEN when set, else one generated at first start into a 0600 file in
 * the state directory and reused afterwards.
 */
export function loadAdminToken(configured: string | null, stateDir: string): AdminToken {
  if (configured) return { verify: (p) => secretsEqual(p, configured), file: null, generated: false, secret: configured };
  const file = join(stateDir, 'admin-token');
  let token: string;
  let generated = false;
  if (existsSync(file)) {
    token = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (token.length < 16) throw new Error(`${file} holds no usable admin token: delete it to have a new one generated, or set ADMIN_TOKEN.`);
  } else {
    token = `pat_${randomBytes(32).toString('base64url')}`;
    writeFileAtomic(file, token, 0o600);
    generated = true;
  }
  return { verify: (p) => secretsEqual(p, token), file, generated, secret: token };
}
