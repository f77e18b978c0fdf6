// The console's embedded gateway as the user meets it: start → usable, crash → usable again (with
// the default 1 s first backoff), and stop (drain) → exited. Real CLI (out/gateway/cli.js, build
// it first), child_process.fork behind the utilityProcess interface, loopback only; about 20 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHost } from '../../main/gateway-host/gateway-host';
import { nodeFork } from '../../main/gateway-host/node-fork';
import type { EmbeddedGatewayStatus } from '../../main/ipc/contract';

const CLI = join(import.meta.dirname, '..', '..', 'out', 'gateway', 'cli.js');
const ROUNDS = 5;

function until(host: GatewayHost, state: EmbeddedGatewayStatus['state']): Promise<EmbeddedGatewayStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${state} within 30 s`)), 30_000);
    const l = (s: EmbeddedGatewayStatus): void => {
      if (s.state !== state) return;
      clearTimeout(timer);
      host.off('status', l);
      resolve(s);
    };
    host.on('status', l);
  });
}

async function healthy(host: GatewayHost): Promise<void> {
  const res = await fetch(`${host.endpoint()!.url}/healthz`);
  if (res.status !== 200) throw new Error(`healthz ${res.status}`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]): string => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-host-'));
const host = new GatewayHost({ fork: nodeFork, cliPath: CLI, env: async () => ({ PATH: process.env.PATH ?? '', MODEL_CACHE_DIR: dir, LOG_LEVEL: 'warn' }) });
const start: number[] = [];
const recover: number[] = [];
const stop: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const ready = until(host, 'ready');
    await host.start();
    await ready;
    await healthy(host);
    start.push(performance.now() - t);

    const again = until(host, 'ready');
    t = performance.now();
    process.kill(host.status().pid!, 'SIGKILL');
    await again;
    await healthy(host);
    recover.push(performance.now() - t);

    t = performance.now();
    await host.stop();
    stop.push(performance.now() - t);
  }
} finally {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`start → healthy, median of ${ROUNDS}: ${fmt(start)}`);
console.log(`SIGKILL → healthy again (1 s backoff included), median of ${ROUNDS}: ${fmt(recover)}`);
console.log(`stop (SIGTERM drain, idle) → exited, median of ${ROUNDS}: ${fmt(stop)}`);
