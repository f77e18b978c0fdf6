import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedGatewayStatus } from '../../../main/ipc/contract';
import type { GatewayHost } from '../../../main/gateway-host/gateway-host';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const CLI = join(ROOT, 'out', 'gateway', 'cli.js');

/** The built gateway CLI; built here when missing (CI builds before the tests). */
export function builtCli(): string {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  return CLI;
}

/** Resolves with the first status (current or next) that matches. */
export function waitForStatus(host: GatewayHost, match: (s: EmbeddedGatewayStatus) => boolean, timeoutMs = 20_000): Promise<EmbeddedGatewayStatus> {
  const now = host.status();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      host.off('status', listener);
      reject(new Error(`status not reached within ${timeoutMs} ms; last: ${JSON.stringify(host.status())}\n${host.logTail(20).map((l) => l.text).join('\n')}`));
    }, timeoutMs);
    const listener = (s: EmbeddedGatewayStatus): void => {
      if (!match(s)) return;
      clearTimeout(timer);
      host.off('status', listener);
      resolve(s);
    };
    host.on('status', listener);
  });
}
