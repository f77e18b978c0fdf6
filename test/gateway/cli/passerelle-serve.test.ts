import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir';

// `passerelle serve` (and bare `passerelle`, as `passerelle-gateway` always was) is the gateway
// itself; `events -f` follows its log. The built CLI, real processes, each one stopped at the end.
const PASSERELLE = join(import.meta.dirname, '..', '..', '..', 'out', 'gateway', 'passerelle.js');

function start(args: string[], env: Record<string, string>): { child: ChildProcess; lines: string[]; line(match: RegExp, ms: number): Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [PASSERELLE, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve(l: string): void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((x) => x.match.test(l))) w.resolve(l);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = (match: RegExp, ms: number): Promise<string> => {
    const seen = lines.find((l) => match.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line ${match} in ${ms} ms:\n${lines.join('\n')}`)), ms);
      waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  };
  return { child, lines, line, exited };
}

describe('passerelle serve', () => {
  for (const args of [['serve'], []]) {
    it(`"passerelle ${args.join(' ')}" runs the gateway: ready line, events -f follows it with the token file, SIGTERM exits 0`, async () => {
      const cache = tempDir();
      const gw = start(args, { MODEL_CACHE_DIR: cache, API_HOST: '127.0.0.1', API_PORT: '0' });
      let follow: ReturnType<typeof start> | undefined;
      try {
        const ready = JSON.parse(await gw.line(/"event":"ready"/, 20_000)) as { url: string; adminTokenFile: string };
        // No --token, no variable: the CLI reads the token the gateway generated under MODEL_CACHE_DIR.
        follow = start(['events', '-f', '--url', ready.url], { MODEL_CACHE_DIR: cache });
        const admin = readFileSync(ready.adminTokenFile, 'utf8').trim();
        await follow.line(/gateway\.started/, 15_000);
        const res = await fetch(`${ready.url}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'followed' }) });
        expect(res.status).toBe(201);
        expect(await follow.line(/key\.created .*followed/, 15_000)).toMatch(/INFO/);
      } finally {
        follow?.child.kill('SIGTERM');
        await follow?.exited;
        gw.child.kill('SIGTERM');
      }
      expect(await gw.exited).toBe(0);
    }, 60_000);
  }
});
