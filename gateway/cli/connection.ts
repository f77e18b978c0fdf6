import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GatewayClient } from './gateway-client';

export const DEFAULT_URL = 'http://127.0.0.1:8000';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/**
 * The admin token, first found: --token, PASSERELLE_ADMIN_TOKEN, ADMIN_TOKEN, then the file the
 * gateway generates (STATE_DIR/admin-token, by default MODEL_CACHE_DIR/.passerelle/admin-token).
 */
export function resolveToken(flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (flag) return flag;
  if (env.PASSERELLE_ADMIN_TOKEN) return env.PASSERELLE_ADMIN_TOKEN;
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const stateDir = env.STATE_DIR || join(env.MODEL_CACHE_DIR || '/models', '.passerelle');
  const file = join(stateDir, 'admin-token');
  try {
    return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
  } catch {
    return null; // unreadable (another user's cache): the gateway answers 401 and the hint says what to do
  }
}

/** The options of the root program, seen from any subcommand. */
export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function clientFor(cmd: Command): GatewayClient {
  const o = globals(cmd);
  return new GatewayClient({ url: o.url || process.env.PASSERELLE_URL || DEFAULT_URL, token: resolveToken(o.token, process.env) });
}

/** `--json` prints the parsed contract object; otherwise the human form. */
export function output(cmd: Command, data: unknown, human: () => string): void {
  process.stdout.write(`${globals(cmd).json ? JSON.stringify(data, null, 2) : human()}\n`);
}
