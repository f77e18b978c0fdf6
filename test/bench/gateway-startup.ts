// Foundation benchmark: start-to-ready time of the CLI, idle RSS, and /healthz and /v1/models
// requests per second at 1 and 64 connections. Targets: ready ≤ 500 ms, idle RSS ≤ 120 MB.
//   npm run build && node --import tsx test/bench/gateway-startup.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { load } from './_load';

const CLI = join(import.meta.dirname, '..', '..', 'out', 'gateway', 'cli.js');
const ADMIN = 'bench-admin-token-000000001';

async function startOnce(cache: string): Promise<{ ms: number; url: string; pid: number; stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI], {
    env: { PATH: process.env.PATH ?? '', MODEL_CACHE_DIR: cache, API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'warn', ADMIN_TOKEN: ADMIN, OPENAI_API_KEYS: 'bench-key-0000000001' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.includes('"event":"ready"') && resolve(JSON.parse(l)));
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  const ms = performance.now() - started;
  return { ms, url: ready.url, pid: child.pid!, stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const cache = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
try {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const g = await startOnce(cache);
    times.push(g.ms);
    await g.stop();
  }
  times.sort((a, b) => a - b);
  console.log(`start-to-ready (spawn → ready line), 7 runs: median ${times[3]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[6]!.toFixed(0)} ms (target ≤ 500 ms)`);

  const g = await startOnce(cache);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`idle RSS after 2 s: ${rssMb(g.pid).toFixed(1)} MB (target ≤ 120 MB)`);
  for (const [path, headers] of [['/healthz', {}], ['/v1/models', { authorization: 'Bearer bench-key-0000000001' }]] as const) {
    for (const connections of [1, 64]) {
      await load(`${g.url}${path}`, { connections, seconds: 1, headers }); // warm-up
      const r = await load(`${g.url}${path}`, { connections, seconds: 5, headers });
      console.log(`${path.padEnd(11)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  errors ${r.errors}`);
    }
  }
  console.log(`RSS after load: ${rssMb(g.pid).toFixed(1)} MB`);
  await g.stop();
} finally {
  rmSync(cache, { recursive: true, force: true });
}
